import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { addHttpService } from '../../../../tests/helpers/httpService'
import { startHttp } from '../../../../tests/helpers/servers'
import { alertsChannels } from '../../../shared/contract/alerts'
import { evaluateHealth } from './condition'
import { RuleEvaluator } from './evaluator'
import { componentMessage, failingComponents } from './failure'
import { SampleWindow } from './window'

let t: TestApp | undefined
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  await t?.cleanup()
  t = undefined
})

const postgresDown = [
  { key: 'redis:status', name: 'redis', status: 'pass' as const },
  { key: 'disk', name: 'disk', status: 'warn' as const },
  { key: 'postgres:status', name: 'postgres', status: 'fail' as const, output: 'postgres is unreachable' }
]

describe('the failing component in alert summaries', () => {
  it('a down rule says what the failing component said, not only the status code', () => {
    const e = new RuleEvaluator({ signal: 'down', failuresToFire: 1, successesToResolve: 1 }, 0)
    const tr = e.health(
      {
        at: 1,
        failed: true,
        latencyMs: 5,
        components: postgresDown,
        error: 'unexpected status 503 (accepted: 200-299)',
        checkName: 'GET /api/health',
        checkId: 7,
        maintenance: false
      },
      new SampleWindow(0)
    )
    expect(tr).toMatchObject({
      kind: 'fire',
      verdict: {
        summary: 'GET /api/health failed 1 time in a row: unexpected status 503 (accepted: 200-299) — postgres is unreachable; disk (warn)',
        failure: {
          checkId: 7,
          checkName: 'GET /api/health',
          components: [
            { key: 'postgres:status', status: 'fail', output: 'postgres is unreachable' },
            { key: 'disk', status: 'warn', output: null }
          ]
        }
      }
    })
  })

  it('a component rule quotes the component’s output', () => {
    const v = evaluateHealth({ signal: 'component', component: 'postgres:status', worstAllowed: 'pass' }, new SampleWindow(0), {
      at: 1,
      failed: true,
      latencyMs: 5,
      components: postgresDown,
      error: undefined,
      checkName: 'health',
      checkId: 3
    })
    expect(v).toMatchObject({
      holds: true,
      summary: 'health: component postgres:status is fail: postgres is unreachable',
      failure: { checkId: 3, components: [{ key: 'postgres:status', output: 'postgres is unreachable' }] }
    })
  })

  it('passing components say nothing; silent failing ones are named with their status', () => {
    expect(failingComponents([{ key: 'a', status: 'pass' }])).toEqual([])
    expect(componentMessage(failingComponents([{ key: 'db', status: 'fail', output: '  ' }]))).toBe('db (fail)')
  })
})

describe('the incident page’s data', () => {
  it('keeps what was failing after it resolves, with notes by author and time, and the rule’s name in the delivery log', async () => {
    t = tempApp()
    let healthy = false
    const ep = await startHttp((_q, res) =>
      res
        .writeHead(healthy ? 200 : 503, { 'content-type': 'application/health+json' })
        .end(
          JSON.stringify(
            healthy
              ? { status: 'pass' }
              : { status: 'fail', checks: { 'postgres:status': [{ status: 'fail', output: 'postgres is unreachable' }] } }
          )
        )
    )
    closers.push(() => ep.close())
    const { checkId } = addHttpService(t.app, ep.url, 'shop')
    for (let i = 0; i < 3; i++) await t.app.health.runNow(checkId)
    const [alert] = t.app.alerts.list({ state: 'firing', limit: 5 })
    expect(alert!.summary).toContain('postgres is unreachable')
    expect(t.app.alerts.get(alert!.id).failure).toEqual({
      checkId,
      checkName: 'health',
      error: expect.stringMatching(/^unexpected status 503/),
      components: [{ key: 'postgres:status', status: 'fail', output: 'postgres is unreachable' }]
    })
    expect(t.app.alerts.get(alert!.id).link).toBeNull()

    const first = t.app.alerts.addNote(alert!.id, ' sam ', ' failed over to the replica ')
    expect(first).toMatchObject({ author: 'sam', text: 'failed over to the replica', at: expect.any(Number) })
    t.app.alerts.addNote(alert!.id, 'kim', 'primary rebooting')
    healthy = true
    for (let i = 0; i < 2; i++) await t.app.health.runNow(checkId)
    const after = t.app.alerts.get(alert!.id)
    expect(after.state).toBe('resolved')
    expect(after.failure?.components[0]?.output).toBe('postgres is unreachable')
    expect(after.notes.map((n) => [n.author, n.text])).toEqual([
      ['sam', 'failed over to the replica'],
      ['kim', 'primary rebooting']
    ])
    expect(after.notes[0]!.at).toBeLessThanOrEqual(after.notes[1]!.at)

    t.app.alerts.setSettings({ baseUrl: 'https://console.example.com' })
    expect(t.app.alerts.get(alert!.id).link).toBe(`https://console.example.com/#/alerts/${alert!.id}`)
    expect(() => t!.app.alerts.addNote(999_999, 'sam', 'x')).toThrow(/alert 999999/)
  })

  it('the note command refuses an empty note or author with messages for people', () => {
    const input = alertsChannels['alerts:addNote'].input
    const r = input.safeParse({ id: 1, author: ' ', text: '' })
    expect(r.success).toBe(false)
    expect(Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]))).toEqual({
      author: 'say who writes the note: your name',
      text: 'write the note first'
    })
  })
})
