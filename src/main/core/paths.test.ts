import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { assertSafeForTests, resolveWorkspacePath, userDataDir } from './paths'

describe('workspace paths', () => {
  it('follow each OS convention for the user-data folder', () => {
    expect(userDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/Control Console')
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/u')).toBe('/x/Control Console')
    expect(userDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/Control Console')
    expect(userDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toContain('Control Console')
  })

  it('prefer --workspace, then CONSOLE_WORKSPACE, then the default', () => {
    expect(resolveWorkspacePath('/a/flag.db', { CONSOLE_WORKSPACE: '/b/env.db' }, '/c/default.db')).toBe('/a/flag.db')
    expect(resolveWorkspacePath(undefined, { CONSOLE_WORKSPACE: '/b/env.db' }, '/c/default.db')).toBe('/b/env.db')
    expect(resolveWorkspacePath(undefined, {}, '/c/default.db')).toBe('/c/default.db')
    expect(resolveWorkspacePath('rel.db', {}, '/c/d.db')).toBe(path.resolve('rel.db'))
  })

  it('refuse to run e2e against the real workspace', () => {
    expect(() => assertSafeForTests('/real/ws.db', { CONSOLE_E2E: '1' }, '/real/ws.db')).toThrow(/CONSOLE_WORKSPACE/)
    expect(() => assertSafeForTests('/real/ws.db', { CONSOLE_E2E: '1', CONSOLE_WORKSPACE: '/real/ws.db' }, '/real/ws.db')).toThrow(
      /real workspace/
    )
    expect(() => assertSafeForTests('/tmp/t.db', { CONSOLE_E2E: '1', CONSOLE_WORKSPACE: '/tmp/t.db' }, '/real/ws.db')).not.toThrow()
    expect(() => assertSafeForTests('/real/ws.db', {}, '/real/ws.db')).not.toThrow()
  })
})
