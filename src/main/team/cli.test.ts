import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../../tests/helpers/app'
import { parseOptions, startServe } from '../cli'
import { parseMember, teamCommand } from './cli'
import { TeamStore } from './store'

const dirs: string[] = []
afterEach(() => {
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
  vi.restoreAllMocks()
})

describe('control-console team add-user', () => {
  it('adds the first admin with the password from the environment or standard input, never from a flag', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const out: string[] = []
    const env = { CONSOLE_TEAM_PASSWORD: 'a long admin password' }
    expect(await teamCommand('add-user', { team: dir, name: 'root', admin: true }, env, Readable.from([]), (l) => out.push(l))).toBe(0)
    expect(out[0]).toMatch(/Added root \(server admin/)
    const piped = Readable.from(['viewer password 1\n'])
    await teamCommand('add-user', { team: dir, name: 'vera', member: ['default:viewer'] }, {}, piped, () => {})
    const store = new TeamStore(dir)
    try {
      expect(await store.checkPassword('root', 'a long admin password')).toMatchObject({ name: 'root', serverAdmin: true })
      const vera = await store.checkPassword('vera', 'viewer password 1')
      expect(store.memberships(vera!)).toEqual([{ workspace: 'default', title: 'Default', role: 'viewer' }])
    } finally {
      store.close()
    }
    await expect(
      teamCommand('add-user', { team: dir, name: 'x' }, { CONSOLE_TEAM_PASSWORD: 'short' }, Readable.from([]), () => {})
    ).rejects.toThrow(/password: at least 10 characters/)
    await expect(teamCommand('add-user', { team: dir, name: 'root' }, env, Readable.from([]), () => {})).rejects.toThrow(/exists already/)
    await expect(teamCommand('add-user', { name: 'x' }, env, Readable.from([]), () => {})).rejects.toThrow(/--team DIR/)
    expect(() => parseMember('default:owner')).toThrow(/viewer, editor, admin/)
  })

  it('serve --team starts with the sign-in page, tells the operator how to make the first admin, and signs users in', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const printed: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (printed.push(String(s)), true))
    const { app, server } = await startServe('serve', parseOptions(['--port', '0', '--team', dir]), path.join(dir, 'unused.db'))
    try {
      expect(printed.join('')).toMatch(/No users yet\. Create the first admin/)
      expect(server.openUrl).not.toContain('token=')
      expect(fs.existsSync(path.join(dir, 'team.db'))).toBe(true)
      expect(fs.existsSync(path.join(dir, 'workspaces', 'default.db'))).toBe(true)
      const state = (await (await fetch(`${server.url}/api/auth/state`)).json()) as { data: unknown }
      expect(state.data).toMatchObject({ mode: 'team', user: null })
      await server.team!.store.createUser({
        name: 'ana',
        password: 'ana password 1',
        memberships: [{ workspace: 'default', role: 'editor' }]
      })
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'ana', password: 'ana password 1' })
      })
      expect(login.status).toBe(200)
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      const info = await fetch(`${server.url}/api/rpc/workspace:info`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}'
      })
      expect(((await info.json()) as { data: { path: string } }).data.path).toBe(path.join(dir, 'workspaces', 'default.db'))
    } finally {
      await server.close()
      await app.close()
    }
  }, 60_000)
})
