/** Install and trust, against a real workspace: folders, archives and a catalogue; sha256, Ed25519, consent, grants. */
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ServiceInput } from '../../../shared/contract'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { createApp } from '../../app'
import { silentLogger } from '../../core/log'

const FIXTURES = path.join(__dirname, '__fixtures__')
const apps: TestApp[] = []
afterEach(async () => {
  for (const a of apps.splice(0)) await a.cleanup()
})
const open = () => {
  const t = tempApp({ testHooks: { extensionsRuntime: { backoffMs: () => 50, pingEveryMs: 200, pingTimeoutMs: 2000 } } })
  apps.push(t)
  return t
}

/** A .tgz of a fixture folder (npm-pack layout: everything under package/), with its sha256 and an Ed25519 signature. */
function pack(fixture: string, out: string, key?: crypto.KeyObject, edit?: (folder: string) => void) {
  const work = tempDir('cc-ext-pack-')
  fs.cpSync(path.join(FIXTURES, fixture), path.join(work, 'package'), { recursive: true })
  edit?.(path.join(work, 'package'))
  execFileSync('tar', ['-czf', out, '-C', work, 'package'])
  const bytes = fs.readFileSync(out)
  return {
    file: out,
    sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    signature: key ? crypto.sign(null, bytes, key).toString('base64') : null
  }
}

/** The installed extensions besides the console's built-ins (Slack, PagerDuty, OpsGenie, GitHub deployments). */
const installed = (app: TestApp['app']) => app.extensions.list().filter((e) => e.source !== 'builtin')

function keys() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64')
  return { privateKey, raw, pem: publicKey.export({ format: 'pem', type: 'spki' }).toString() }
}

describe('installing extensions', () => {
  it('installs a signed archive from the catalogue, shows update permission changes, and refuses a tampered one', async () => {
    const { app, dir } = open()
    const k = keys()
    app.extensions.setSettings({ trustedKeys: [{ publisher: 'tests', publicKey: k.raw }], catalogue: path.join(dir, 'index.json') })
    const v1 = pack('probe', path.join(dir, 'probe-1.0.0.tgz'), k.privateKey)
    const v2 = pack('probe', path.join(dir, 'probe-1.1.0.tgz'), k.privateKey, (f) => {
      const m = JSON.parse(fs.readFileSync(path.join(f, 'extension.json'), 'utf8'))
      fs.writeFileSync(path.join(f, 'extension.json'), JSON.stringify({ ...m, version: '1.1.0', permissions: ['alerts:write'] }))
    })
    const entry = (v: typeof v1, version: string) => ({
      version,
      url: path.basename(v.file),
      sha256: v.sha256,
      signature: v.signature,
      engines: '>=0.1.0'
    })
    const index = { extensions: [{ id: 'probe', name: 'Probe', publisher: 'tests', versions: [entry(v1, '1.0.0')] }] }
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index))

    const [listed] = await app.extensions.catalogue()
    expect(listed).toMatchObject({ id: 'probe', installed: null, update: null })
    const preview = await app.extensions.inspect({ kind: 'catalogue', id: 'probe' })
    expect(preview).toMatchObject({ signed: true, unsignedReason: null, sha256: v1.sha256, update: null })
    expect(preview.manifest.permissions).toEqual(['health:read'])
    await expect(app.extensions.install(preview.token, ['health:read', 'alerts:write'], false)).rejects.toThrow(
      /grant: alerts:write: the extension does not ask/
    )
    const again = await app.extensions.inspect({ kind: 'catalogue', id: 'probe' })
    const installed = await app.extensions.install(again.token, ['health:read'], false)
    expect(installed).toMatchObject({ id: 'probe', version: '1.0.0', signed: true, granted: ['health:read'] })
    expect(fs.existsSync(path.join(dir, 'extensions', 'probe', 'extension.json'))).toBe(true)

    index.extensions[0]!.versions.push(entry(v2, '1.1.0'))
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index))
    expect((await app.extensions.catalogue())[0]).toMatchObject({ installed: '1.0.0', update: '1.1.0' })
    const update = await app.extensions.inspect({ kind: 'catalogue', id: 'probe' })
    expect(update.update).toEqual({ from: '1.0.0', added: ['alerts:write'], removed: ['health:read'] })

    // the same archive with one byte changed: the catalogue's sha256 no longer matches
    const bytes = fs.readFileSync(v2.file)
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10)
    fs.writeFileSync(v2.file, bytes)
    await expect(app.extensions.inspect({ kind: 'catalogue', id: 'probe', version: '1.1.0' })).rejects.toThrow(
      /sha256 is [0-9a-f]{64}, not .*changed or damaged/
    )
    // a matching checksum but a signature of other bytes: refused even with consent to unsigned installs
    index.extensions[0]!.versions[1]!.sha256 = crypto.createHash('sha256').update(bytes).digest('hex')
    fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify(index))
    await expect(app.extensions.inspect({ kind: 'catalogue', id: 'probe', version: '1.1.0' })).rejects.toThrow(
      /signature does not verify with tests's trusted key/
    )
    // refused inspections leave nothing staged: only the update waiting for the user's answer is there
    expect(fs.readdirSync(path.join(dir, 'extensions', '.staging'))).toEqual([update.token])
  })

  it('installs an unsigned archive only with consent, and a signed one from an untrusted publisher counts as unsigned', async () => {
    const { app, dir } = open()
    const plain = pack('probe', path.join(dir, 'probe.tgz'))
    const preview = await app.extensions.inspect({ kind: 'archive', path: plain.file })
    expect(preview).toMatchObject({ signed: false, unsignedReason: 'the archive has no signature' })
    await expect(app.extensions.install(preview.token, [], false)).rejects.toThrow(/allowUnsigned: the extension is not signed/)
    expect(installed(app)).toEqual([])

    const k = keys()
    const signed = pack('probe', path.join(dir, 'probe-signed.tgz'), k.privateKey)
    fs.writeFileSync(`${signed.file}.sig`, signed.signature!)
    const untrusted = await app.extensions.inspect({ kind: 'archive', path: signed.file })
    expect(untrusted.unsignedReason).toMatch(/no trusted key for publisher "tests"/)
    app.extensions.setSettings({ trustedKeys: [{ publisher: 'tests', publicKey: k.pem }], catalogue: '' })
    const trusted = await app.extensions.inspect({ kind: 'archive', path: signed.file })
    expect(trusted.signed).toBe(true)

    const consented = await app.extensions.inspect({ kind: 'archive', path: plain.file })
    const info = await app.extensions.install(consented.token, ['health:read'], true)
    expect(info).toMatchObject({ signed: false, status: expect.stringMatching(/starting|active/) })
    expect(app.extensions.get('probe', 10).logs.at(-1)!.message).toMatch(/installed 1\.0\.0 from archive .* UNSIGNED, with consent/)
  })

  it('unpacks a .zip archive and refuses one holding a link', async () => {
    const { app, dir } = open()
    const work = tempDir('cc-ext-zip-')
    fs.cpSync(path.join(FIXTURES, 'probe'), work, { recursive: true })
    execFileSync('zip', ['-qr', path.join(dir, 'probe.zip'), '.'], { cwd: work })
    expect((await app.extensions.inspect({ kind: 'archive', path: path.join(dir, 'probe.zip') })).manifest.id).toBe('probe')
    fs.symlinkSync('/etc/passwd', path.join(work, 'passwd'))
    execFileSync('tar', ['-czf', path.join(dir, 'link.tgz'), '-C', work, '.'])
    await expect(app.extensions.inspect({ kind: 'archive', path: path.join(dir, 'link.tgz') })).rejects.toThrow(/holds a link \(passwd\)/)
  })

  it('disables, enables and uninstalls with its data', async () => {
    const { app, dir } = open()
    const p = await app.extensions.inspect({ kind: 'folder', path: path.join(FIXTURES, 'probe') })
    expect(p.unsignedReason).toBe('installed from a folder (not signed)')
    await app.extensions.install(p.token, ['health:read'], true)
    expect(await app.extensions.invoke('probe', 'check', 'echo', { op: 'noop' })).toEqual({ ok: true })
    expect(installed(app)[0]!.status).toBe('active')
    expect(installed(app)[0]!.rssBytes).toBeGreaterThan(1_000_000)
    expect((await app.extensions.disable('probe')).status).toBe('disabled')
    await expect(app.extensions.invoke('probe', 'check', 'echo', {})).rejects.toThrow(/is disabled/)
    expect(app.extensions.enable('probe').status).toMatch(/starting|active/)
    expect(await app.extensions.invoke('probe', 'check', 'echo', { op: 'noop' })).toEqual({ ok: true })
    const data = path.join(dir, 'extensions', '.data', 'probe')
    fs.writeFileSync(path.join(data, 'state.json'), '{}')
    await app.extensions.uninstall('probe')
    expect(installed(app)).toEqual([])
    expect(fs.existsSync(data)).toBe(false)
    expect(fs.existsSync(path.join(dir, 'extensions', 'probe'))).toBe(false)
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM extension_logs WHERE extension_id = ?').get('probe')).toEqual({ n: 0 })
  })

  it('rejects a manifest naming the field, and an incompatible engine', async () => {
    const { app, dir } = open()
    const bad = path.join(dir, 'bad')
    fs.cpSync(path.join(FIXTURES, 'probe'), bad, { recursive: true })
    const m = JSON.parse(fs.readFileSync(path.join(bad, 'extension.json'), 'utf8'))
    fs.writeFileSync(path.join(bad, 'extension.json'), JSON.stringify({ ...m, engines: { 'control-console': '^9.0' } }))
    await expect(app.extensions.inspect({ kind: 'folder', path: bad })).rejects.toThrow(
      /manifest\.engines\.control-console: needs Control Console \^9\.0/
    )
    fs.writeFileSync(path.join(bad, 'extension.json'), JSON.stringify({ ...m, permissions: ['net:ftp://x'] }))
    await expect(app.extensions.inspect({ kind: 'folder', path: bad })).rejects.toThrow(
      /manifest\.permissions\[0\]: "net:ftp:\/\/x": only http and https/
    )
  })
})

describe('a crash-looping extension', () => {
  it('ends disabled while the health poller keeps running checks', async () => {
    const dir = tempDir('cc-ext-crash-')
    const runs: number[] = []
    const app = createApp({
      workspacePath: path.join(dir, 'w.db'),
      mode: 'test',
      logger: silentLogger,
      startPollers: true,
      runCheck: async () => {
        runs.push(Date.now())
        return { status: 'UP', latencyMs: 1 }
      },
      testHooks: { extensionsRuntime: { backoffMs: () => 1500, maxRestarts: 3 } }
    })
    try {
      app.health.createService(
        ServiceInput.parse({ name: 'api', checks: [{ name: 'ping', intervalS: 5, config: { kind: 'tcp', host: '127.0.0.1', port: 9 } }] })
      )
      const p = await app.extensions.inspect({ kind: 'folder', path: path.join(FIXTURES, 'crashy') })
      await app.extensions.install(p.token, [], true)
      const started = Date.now()
      while (installed(app)[0]!.status !== 'disabled') {
        if (Date.now() - started > 60_000) throw new Error('never disabled')
        await new Promise((r) => setTimeout(r, 100))
      }
      const disabledAt = Date.now()
      const info = installed(app)[0]!
      expect(info.disabledReason).toMatch(/^crashed 4 times \(last: exited with code 70\); disabled$/)
      expect(app.extensions.get('crashy', 50).logs.filter((l) => l.message.includes('uncaught: crash loop'))).toHaveLength(4)
      while (!runs.some((t) => t > disabledAt + 100)) {
        if (Date.now() - disabledAt > 20_000) throw new Error('the health poller stopped')
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(runs.filter((t) => t >= started && t <= disabledAt).length).toBeGreaterThanOrEqual(1)
    } finally {
      await app.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 90_000)
})
