/**
 * A child process that tails one file source until it is killed (the tailer test kills it with SIGKILL while it
 * writes, then checks that a new writer resumes without losing or repeating a line).
 * argv: <workspace file> <source id>
 */
import { LogIngest } from '../store/ingest'
import type { SourceSpec } from '../ingest/source'

const [file, sourceId, pattern] = process.argv.slice(2) as [string, string, string]
const ingest = new LogIngest({ file, pollMs: 5 }, Date.now, (c) => process.stdout.write(`committed ${c.lines}\n`))
const spec: SourceSpec = {
  id: Number(sourceId),
  name: 'files',
  kind: 'file',
  service: 'svc',
  environment: '',
  host: 'h',
  enabled: true,
  deleting: false,
  retentionDays: 14,
  maxBytes: null,
  paths: [pattern],
  startAt: 'beginning',
  multiline: true,
  release: ''
}
ingest.configure([spec])
// the writer's timers do not hold the process open: this does, until the test kills it
setInterval(() => {}, 1000)
