#!/usr/bin/env node
// Is this machine ready for each command? `npm run doctor` prints a table of what was found or is missing, with the
// command that fixes each; `doctor --for test|e2e|serve|start` is the gate those commands pass first, stopping with
// one line per missing piece instead of failing deep inside. Needs nothing installed: it runs before `npm ci`.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { realIo } from './doctor/io.mjs'
import { fullReport, gate, GATES } from './doctor/report.mjs'
import { requirements } from './doctor/versions.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const forIndex = args.indexOf('--for')
const target = forIndex >= 0 ? args[forIndex + 1] : undefined
if (args.includes('--help') || (forIndex >= 0 && !(target && target in GATES))) {
  console.log(`usage: node scripts/doctor.mjs [--for ${Object.keys(GATES).join('|')}]`)
  process.exit(args.includes('--help') ? 0 : 2)
}

let req
try {
  req = requirements(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')))
} catch (e) {
  console.error(`doctor: ${e instanceof Error ? e.message : String(e)}`)
  process.exit(2)
}
const io = realIo()
const ctx = { io, root, req }

if (target) {
  const r = gate(ctx, /** @type {keyof typeof GATES} */ (target))
  for (const line of r.lines) (r.ok ? console.log : console.error)(line)
  process.exit(r.ok ? 0 : 1)
}
console.log(`Control Console doctor: ${io.platform} ${io.arch}, Node ${io.nodeVersion}; required versions from package.json\n`)
const r = fullReport(ctx)
for (const line of r.lines) console.log(line)
process.exit(r.ok ? 0 : 1)
