import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ServiceInput, type ServiceReplaceInput } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { dispatch } from '../../transport/dispatch'
import { silentLogger } from '../../core/log'

let t: TestApp
afterEach(async () => {
  await t?.cleanup()
})

const http = (url: string, extra: Record<string, unknown> = {}) => ({ kind: 'http' as const, url, ...extra })

function seed() {
  const { id } = t.app.health.createService(
    ServiceInput.parse({
      name: 'checkout',
      environment: 'production',
      region: 'eu-west-1',
      description: 'before',
      tags: { team: 'payments' },
      checks: [
        { name: 'api', intervalS: 60, config: http('https://api.example.com/health', { headers: { 'x-probe': '1' } }) },
        { name: 'web', intervalS: 60, config: http('https://www.example.com/') },
        { name: 'db', intervalS: 30, config: { kind: 'tcp', host: 'db.internal', port: 5432 } }
      ]
    })
  )
  return id
}

/** Everything the workspace file holds about services and checks, read through a second connection. */
function snapshot(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    return {
      services: db.prepare('SELECT id, name, environment, region, description, tags FROM services ORDER BY id').all(),
      checks: db.prepare('SELECT id, service_id, name, kind, config, interval_s, retries, paused, updated_at FROM checks ORDER BY id').all()
    }
  } finally {
    db.close()
  }
}

const call = (channel: string, input: unknown) =>
  dispatch(t.app.handlers, channel, input, { transport: 'direct' }, { logger: silentLogger, checkOutput: true })

describe('services:replace', () => {
  it('updates the service, updates changed checks, creates added ones and deletes removed ones in one go', async () => {
    t = tempApp()
    const id = seed()
    const [api, web, db] = t.app.health.serviceDetail(id).checks.sort((a, b) => a.id - b.id)
    const res = await call('services:replace', {
      id,
      name: 'checkout-api',
      environment: 'production',
      region: 'eu-central-1',
      description: 'after',
      tags: { team: 'payments', tier: '1' },
      checks: [
        { id: api!.id, name: 'api', intervalS: 30, config: { ...api!.config, keyword: 'pass' } },
        { id: db!.id, name: 'db', intervalS: 30, config: db!.config },
        { name: 'dns', config: { kind: 'dns', hostname: 'example.com' } }
      ]
    })
    expect(res).toEqual({ ok: true, data: { id, created: 1, updated: 1, deleted: 1 } })
    const after = t.app.health.serviceDetail(id)
    expect(after).toMatchObject({
      name: 'checkout-api',
      region: 'eu-central-1',
      description: 'after',
      tags: { team: 'payments', tier: '1' }
    })
    expect(after.checks.map((c) => c.name).sort()).toEqual(['api', 'db', 'dns'])
    const newApi = after.checks.find((c) => c.id === api!.id)!
    expect(newApi.intervalS).toBe(30)
    // the form only shows some config keys; the others (headers here) come back as they were
    expect(newApi.config).toMatchObject({ keyword: 'pass', headers: { 'x-probe': '1' } })
    expect(after.checks.find((c) => c.id === web!.id)).toBeUndefined()
    expect(
      t.app.health
        .directory()
        .checks.filter((c) => c.serviceId === id)
        .map((c) => c.name)
        .sort()
    ).toEqual(['api', 'db', 'dns'])
  })

  it('swaps two check names without tripping over the unique name', () => {
    t = tempApp()
    const id = seed()
    const checks = t.app.health.serviceDetail(id).checks
    const api = checks.find((c) => c.name === 'api')!
    const web = checks.find((c) => c.name === 'web')!
    const db = checks.find((c) => c.name === 'db')!
    t.app.health.replaceService({
      id,
      name: 'checkout',
      checks: [
        { id: api.id, name: 'web', config: api.config as never },
        { id: web.id, name: 'api', config: web.config as never },
        { id: db.id, name: 'db', intervalS: 30, config: db.config as never }
      ]
    })
    const names = Object.fromEntries(t.app.health.serviceDetail(id).checks.map((c) => [c.id, c.name]))
    expect(names).toEqual({ [api.id]: 'web', [web.id]: 'api', [db.id]: 'db' })
  })

  describe('a bad check in the middle leaves everything unchanged', () => {
    const edit = (id: number, middle: Record<string, unknown>, ids: number[]): ServiceReplaceInput => ({
      id,
      name: 'renamed',
      environment: 'staging',
      region: 'eu-central-1',
      description: 'after',
      tags: {},
      checks: [
        { id: ids[0], name: 'api', intervalS: 5, config: http('https://api.example.com/v2/health') },
        middle,
        { name: 'added', config: { kind: 'tcp', host: 'cache.internal', port: 6379 } }
      ] as unknown as ServiceReplaceInput['checks']
    })

    it('an invalid URL, through the transport: a field error naming the check, and the file untouched', async () => {
      t = tempApp()
      const id = seed()
      const ids = t.app.health
        .serviceDetail(id)
        .checks.map((c) => c.id)
        .sort((a, b) => a - b)
      const before = snapshot(t.file)
      const res = await call('services:replace', edit(id, { id: ids[1], name: 'web', config: http('ftp://www.example.com/') }, ids))
      expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'checks[1].config.url' } })
      expect(snapshot(t.file)).toEqual(before)
      expect(
        t.app.health
          .directory()
          .checks.map((c) => c.name)
          .sort()
      ).toEqual(['api', 'db', 'web'])
    })

    it('the same invalid URL, calling the service directly: refused before anything is written', () => {
      t = tempApp()
      const id = seed()
      const ids = t.app.health
        .serviceDetail(id)
        .checks.map((c) => c.id)
        .sort((a, b) => a - b)
      const before = snapshot(t.file)
      const err = (() => {
        try {
          t.app.health.replaceService(edit(id, { id: ids[1], name: 'web', config: http('not a url') }, ids))
        } catch (e) {
          return e
        }
      })()
      expect(err).toBeInstanceOf(AppError)
      expect(err).toMatchObject({ code: 'VALIDATION', field: 'checks[1].config.url' })
      expect(snapshot(t.file)).toEqual(before)
    })

    it('a check of another service, a duplicate name: refused, nothing written', () => {
      t = tempApp()
      const id = seed()
      const other = t.app.health.createService(
        ServiceInput.parse({ name: 'search', checks: [{ name: 'api', config: http('https://search.example.com/') }] })
      )
      const foreign = t.app.health.serviceDetail(other.id).checks[0]!.id
      const ids = t.app.health
        .serviceDetail(id)
        .checks.map((c) => c.id)
        .sort((a, b) => a - b)
      const before = snapshot(t.file)
      expect(() =>
        t.app.health.replaceService(edit(id, { id: foreign, name: 'web', config: http('https://www.example.com/') }, ids))
      ).toThrow(expect.objectContaining({ field: 'checks[1]' }))
      expect(() => t.app.health.replaceService(edit(id, { name: 'api', config: http('https://www.example.com/') }, ids))).toThrow(
        expect.objectContaining({ field: 'checks[1].name' })
      )
      expect(snapshot(t.file)).toEqual(before)
    })

    it('a failure inside the transaction rolls every write back', () => {
      t = tempApp()
      const id = seed()
      const ids = t.app.health
        .serviceDetail(id)
        .checks.map((c) => c.id)
        .sort((a, b) => a - b)
      const before = snapshot(t.file)
      // let the third write (the middle check) fail at the database, after the service and first check were written
      const repo = t.app.health.repo
      const original = repo.updateCheck.bind(repo)
      let calls = 0
      repo.updateCheck = (checkId, c, at) => {
        if (++calls === 2) throw new Error('disk full')
        original(checkId, c, at)
      }
      expect(() =>
        t.app.health.replaceService(edit(id, { id: ids[1], name: 'web', intervalS: 10, config: http('https://www.example.com/') }, ids))
      ).toThrow('disk full')
      repo.updateCheck = original
      expect(snapshot(t.file)).toEqual(before)
      expect(
        t.app.health
          .directory()
          .checks.map((c) => c.name)
          .sort()
      ).toEqual(['api', 'db', 'web'])
    })
  })
})
