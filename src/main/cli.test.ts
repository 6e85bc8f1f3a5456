import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../tests/helpers/app'
import { main } from './cli'
import { createApp } from './app'
import { silentLogger } from './core/log'

const dirs: string[] = []
afterEach(() => {
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
  vi.restoreAllMocks()
})

describe('control-console CLI', () => {
  it('refuses a non-loopback host without --allow-remote', async () => {
    const dir = tempDir()
    dirs.push(dir)
    await expect(main(['serve', '--host', '0.0.0.0', '--port', '0', '--workspace', path.join(dir, 'w.db')])).rejects.toThrow(
      /--allow-remote/
    )
  })

  it('backs up and restores a workspace', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const ws = path.join(dir, 'w.db')
    const app = createApp({ workspacePath: ws, mode: 'test', logger: silentLogger })
    app.workspace.rename('original')
    await app.close()
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const backup = path.join(dir, 'copy.db')
    expect(await main(['backup', '--workspace', ws, '--to', backup])).toBe(0)
    const again = createApp({ workspacePath: ws, mode: 'test', logger: silentLogger })
    again.workspace.rename('changed')
    await again.close()
    expect(await main(['restore', '--workspace', ws, '--from', backup])).toBe(0)
    const check = createApp({ workspacePath: ws, mode: 'test', logger: silentLogger })
    expect(check.workspace.info().name).toBe('original')
    await check.close()
  })

  it('prints usage for no command', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await main([])).toBe(1)
    expect(String(write.mock.calls[0]![0])).toMatch(/Usage:/)
  })
})
