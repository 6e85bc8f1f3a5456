/**
 * Run by importAtomic.test.ts in a child process (vite-node), which it kills with SIGKILL mid-import:
 * `crashingImport.ts <workspace> <folder to import>`. Prints `started` once the import job runs.
 */
import { createApp } from '../../../app'
import { silentLogger } from '../../../core/log'

const [file, root] = process.argv.slice(2)
const app = createApp({ workspacePath: file!, mode: 'test', logger: silentLogger })
app.models.startImport('mlruns', root!)
console.log('started')
setInterval(() => undefined, 1000)
