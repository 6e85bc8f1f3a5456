import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterAll, describe, expect, it } from 'vitest'

/** The architecture's lint rules fail on a planted breach (so a green lint run means they hold). */
const root = path.resolve(__dirname, '../..')
const eslint = new ESLint({ cwd: root })
const planted: string[] = []
afterAll(() => {
  for (const f of planted) fs.rmSync(f, { recursive: true, force: true })
})

async function rulesHit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result!.messages.map((m) => m.ruleId ?? m.message)
}

function plant(dir: string, files: Record<string, string>): void {
  const full = path.join(root, dir)
  fs.mkdirSync(full, { recursive: true })
  planted.push(full)
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(full, name), text)
}

describe('lint rules', () => {
  it('an area may not import another area’s service, only its api.ts', async () => {
    const breach = "import type { HealthService } from '../health/service'\nexport type X = HealthService\n"
    expect(await rulesHit('src/main/services/costs/probe.ts', breach)).toContain('import-x/no-restricted-paths')
    const allowed = "import type { HealthReader } from '../health/api'\nexport type X = HealthReader\n"
    expect(await rulesHit('src/main/services/costs/probe.ts', allowed)).not.toContain('import-x/no-restricted-paths')
  })

  it('a renderer feature may not import another feature', async () => {
    const breach = "import { ModelsNav } from '../models/ModelsNav'\nexport const X = ModelsNav\n"
    expect(await rulesHit('src/renderer/src/features/costs/probe.tsx', breach)).toContain('import-x/no-restricted-paths')
  })

  it('an import cycle is refused', async () => {
    plant('src/main/services/__lint_probe', {
      'a.ts': "import { b } from './b'\nexport const a = (): number => b() + 1\n",
      'b.ts': "import { a } from './a'\nexport const b = (): number => (Date.now() < 0 ? a() : 1)\n"
    })
    const [a] = await eslint.lintFiles([path.join(root, 'src/main/services/__lint_probe/a.ts')])
    expect(a!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle')
  })

  it('hooks follow React’s rules', async () => {
    const breach =
      "import { useState } from 'react'\nexport function X({ on }: { on: boolean }) {\n  if (on) useState(0)\n  return null\n}\n"
    expect(await rulesHit('src/renderer/src/components/Probe.tsx', breach)).toContain('react-hooks/rules-of-hooks')
    const deps =
      "import { useEffect } from 'react'\nexport function Y({ id }: { id: number }) {\n  useEffect(() => void console.log(id), [])\n  return null\n}\n"
    expect(await rulesHit('src/renderer/src/components/Probe.tsx', deps)).toContain('react-hooks/exhaustive-deps')
  })

  it('only src/main/electron imports electron, and the renderer has no Node', async () => {
    expect(await rulesHit('src/main/services/costs/probe.ts', "import { app } from 'electron'\nexport const x = app\n")).toContain(
      'no-restricted-imports'
    )
    expect(await rulesHit('src/renderer/src/lib/probe.ts', "import fs from 'node:fs'\nexport const x = fs\n")).toContain(
      'no-restricted-imports'
    )
  })
})
