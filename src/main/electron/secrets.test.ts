import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resetState, safeStorage, state } from './__fixtures__/electronStandIn'

vi.mock('electron', () => import('./__fixtures__/electronStandIn'))

import { keyFileFor } from '../core/secrets'
import { desktopSecretBox, keychainUnusable } from './secrets'

let dir: string
let workspace: string
beforeEach(() => {
  resetState()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-secrets-'))
  workspace = path.join(dir, 'workspace.db')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('desktop secrets', () => {
  it('seals with the OS keychain when Linux has a real keyring, and says so', () => {
    state.keychain = { available: true, backend: 'gnome_libsecret' }
    const box = desktopSecretBox(workspace, safeStorage, 'linux')
    expect(box.kind).toBe('safe-storage')
    expect(box.description).toMatch(/OS keychain \(gnome_libsecret\)/)
    const sealed = box.encrypt('hunter2')
    expect(sealed.toString()).not.toContain('hunter2'.padStart(20))
    expect(box.decrypt(sealed)).toBe('hunter2')
    expect(fs.existsSync(keyFileFor(workspace))).toBe(false)
  })

  it('treats basic_text as no encryption: falls back to a mode-600 key file and tells Settings why', () => {
    state.keychain = { available: true, backend: 'basic_text' }
    const box = desktopSecretBox(workspace, safeStorage, 'linux')
    expect(box.kind).toBe('key-file')
    expect(box.description).toContain(keyFileFor(workspace))
    expect(box.description).toMatch(/basic_text fallback is not encryption/)
    const sealed = box.encrypt('hunter2')
    expect(sealed[0]).toBe(1) // AES-256-GCM with the key file, not safeStorage
    expect(box.decrypt(sealed)).toBe('hunter2')
    expect(fs.statSync(keyFileFor(workspace)).mode & 0o777).toBe(0o600)
  })

  it('still reads secrets sealed by safeStorage before the fall-back', () => {
    state.keychain = { available: true, backend: 'basic_text' }
    const before = Buffer.concat([Buffer.from([2]), safeStorage.encryptString('old secret')])
    expect(desktopSecretBox(workspace, safeStorage, 'linux').decrypt(before)).toBe('old secret')
  })

  it('falls back to the key file when no keychain is available at all, on any platform', () => {
    state.keychain = { available: false, backend: 'unknown' }
    expect(desktopSecretBox(workspace, safeStorage, 'darwin').kind).toBe('key-file')
    expect(keychainUnusable(safeStorage, 'win32')).toMatch(/no OS keychain/)
  })

  it('asks for the backend only on Linux (macOS Keychain and Windows DPAPI are real encryption)', () => {
    state.keychain = { available: true, backend: 'basic_text' }
    expect(keychainUnusable(safeStorage, 'darwin')).toBeNull()
    expect(keychainUnusable(safeStorage, 'win32')).toBeNull()
    expect(keychainUnusable(safeStorage, 'linux')).toMatch(/basic_text/)
    state.keychain.backend = 'kwallet6'
    expect(keychainUnusable(safeStorage, 'linux')).toBeNull()
  })
})
