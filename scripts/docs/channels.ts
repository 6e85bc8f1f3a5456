/**
 * Prints the markdown table of an area module's channels (name, kind, summary) for its guide in docs/:
 *   npx vite-node scripts/docs/channels.ts -- costs
 * tests/unit/docs.test.ts checks that every guide names every channel of its module.
 */
import { MODULES } from '../../src/main/modules'

const id = process.argv.slice(2).find((a) => !a.startsWith('-'))
const m = MODULES.find((x) => x.id === id)
if (!m) {
  console.error(`usage: channels.ts <module id>; modules: ${MODULES.map((x) => x.id).join(', ')}`)
  process.exit(1)
}
console.log('| channel | kind | what it does |')
console.log('|---|---|---|')
for (const [name, def] of Object.entries(m.channels)) console.log(`| \`${name}\` | ${def.kind} | ${def.summary.replace(/\|/g, '\\|')} |`)
