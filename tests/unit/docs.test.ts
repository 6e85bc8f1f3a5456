import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODULES } from '../../src/main/modules'

/** Every area ships a guide (docs/<area>.md) that names each of its channels, shows a screenshot and is linked from the README. */
const root = path.resolve(__dirname, '../..')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')

describe('area guides', () => {
  for (const m of MODULES) {
    it(`docs/${m.id}.md names every ${m.id} channel, shows a screenshot that exists, and the README links it`, () => {
      const file = path.join(root, 'docs', `${m.id}.md`)
      expect(fs.existsSync(file), `docs/${m.id}.md is missing`).toBe(true)
      const text = fs.readFileSync(file, 'utf8')
      const missing = Object.keys(m.channels).filter((c) => !text.includes(`\`${c}\``))
      expect(missing, `channels not named in docs/${m.id}.md`).toEqual([])
      const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((x) => x[1]!)
      expect(images.length, `docs/${m.id}.md has no screenshot`).toBeGreaterThan(0)
      for (const img of images) expect(fs.existsSync(path.join(root, 'docs', img)), `${img} in docs/${m.id}.md`).toBe(true)
      expect(readme.includes(`docs/${m.id}.md`), `README does not link docs/${m.id}.md`).toBe(true)
    })
  }
})
