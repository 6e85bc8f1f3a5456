import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import { readdirSync, readFileSync } from 'node:fs'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { build as viteBuild, type Plugin, type Rolldown } from 'vite'
import { CSP } from './src/main/transport/csp'

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as {
  version: string
  dependencies: Record<string, string>
}
/** The built page carries the strict CSP itself (the app:// handler and serve mode also send it as a header). */
const cspMeta = (): Plugin => ({
  name: 'cc-csp-meta',
  apply: 'build',
  transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`)
})
const define = { __APP_VERSION__: JSON.stringify(pkg.version) }

/**
 * Worker threads (resolved at run time by src/main/workers/pool.ts): every `src/main/workers/<kind>.worker.ts` is an
 * entry, built as `<kind>-worker.js`, so an area adds a worker by adding its file.
 */
const WORKERS_DIR = resolve(__dirname, 'src/main/workers')
export const WORKER_ENTRIES: Record<string, string> = Object.fromEntries(
  readdirSync(WORKERS_DIR)
    .filter((f) => f.endsWith('.worker.ts'))
    .map((f) => [`${f.replace(/\.worker\.ts$/, '')}-worker`, resolve(WORKERS_DIR, f)])
)

/** Left to Node's resolution at run time: built-ins, electron and the runtime dependencies (inside the asar's node_modules). */
const isExternal = (id: string): boolean =>
  id === 'electron' ||
  id.startsWith('node:') ||
  builtinModules.includes(id) ||
  Object.keys(pkg.dependencies).some((d) => id === d || id.startsWith(`${d}/`))

/**
 * One worker entry bundled alone: everything of ours it needs is inlined, so the file imports no shared chunk
 * and loads from inside the asar with nothing unpacked beside it.
 */
export async function bundleWorker(name: string, entry: string): Promise<Rolldown.OutputChunk[]> {
  const result = await viteBuild({
    configFile: false,
    logLevel: 'warn',
    define,
    ssr: { noExternal: true },
    build: {
      write: false,
      ssr: true,
      target: 'node20',
      minify: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: { [name]: entry },
        external: isExternal,
        output: { format: 'es', entryFileNames: '[name].js', codeSplitting: false }
      }
    }
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
  return outputs.flatMap((o) => o.output.filter((c): c is Rolldown.OutputChunk => c.type === 'chunk'))
}

/** Emits each worker next to the main bundle (`out/main/<name>.js`), built in isolation from the main entries. */
const selfContainedWorkers = (): Plugin => ({
  name: 'cc-self-contained-workers',
  apply: 'build',
  async generateBundle() {
    for (const [name, entry] of Object.entries(WORKER_ENTRIES)) {
      const chunks = await bundleWorker(name, entry)
      if (chunks.length !== 1) throw new Error(`${name}: expected one self-contained file, got ${chunks.map((c) => c.fileName).join(', ')}`)
      this.emitFile({ type: 'asset', fileName: `${name}.js`, source: chunks[0]!.code })
    }
  }
})

export default defineConfig({
  main: {
    define,
    plugins: [selfContainedWorkers()],
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts')
        }
      }
    }
  },
  preload: {
    build: {
      // sandboxed preloads must be one CommonJS file with nothing external but electron
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    define,
    plugins: [react(), cspMeta()],
    build: {
      // areas load as separate chunks (src/renderer/src/app/pages.tsx); minified, they are about a third of the size
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
