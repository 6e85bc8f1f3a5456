import { resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import { CSP } from './src/main/transport/csp'

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string }
/** The built page carries the strict CSP itself (file:// responses have no headers to carry it). */
const cspMeta = (): Plugin => ({
  name: 'cc-csp-meta',
  apply: 'build',
  transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`)
})
const define = { __APP_VERSION__: JSON.stringify(pkg.version) }

export default defineConfig({
  main: {
    define,
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          // worker threads (resolved at run time by src/main/workers/pool.ts): drift parsing and statistics
          'drift-worker': resolve(__dirname, 'src/main/workers/drift.worker.ts'),
          // worker thread for cost imports: parsing and staging rows, deleting replaced rows
          'costs-worker': resolve(__dirname, 'src/main/workers/costs.worker.ts')
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
