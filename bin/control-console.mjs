#!/usr/bin/env node
// Entry of the `control-console` command: runs the built CLI (serve, backup, restore).
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url))
if (!existsSync(cli)) {
  process.stderr.write('control-console is not built yet: run `npm run build` first.\n')
  process.exit(1)
}
process.env.CONSOLE_CLI = '1'
await import(pathToFileURL(cli).href)
