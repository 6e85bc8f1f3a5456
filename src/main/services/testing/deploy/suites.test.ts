import { afterEach, describe, expect, it } from 'vitest'
import { LoadPlan, SuiteInput } from '../../../../shared/contract/testing'
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'
import { deployableTarget, type Target } from '../../../../../tests/helpers/loadTargets'
import { addService } from '../__fixtures__/harness'

let t: TestApp | undefined
const targets: Target[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  for (const s of targets.splice(0)) await s.close()
})

async function setUp(settleS = 0) {
  t = tempApp()
  const target = await deployableTarget()
  targets.push(target)
  const svc = addService(t.app, 'catalog', `${target.url}/health`)
  const load = t.app.testing.load.save({
    name: 'catalog smoke load',
    serviceId: svc.id,
    plan: LoadPlan.parse({
      requests: [{ name: 'items', url: `${target.url}/api/items` }],
      executor: { kind: 'constant-arrival-rate', rate: 20, durationS: 1 },
      thresholds: { http_req_duration: ['p(95)<200'], http_req_failed: ['rate<0.01'] }
    })
  })
  const suite = t.app.testing.suites.save(
    SuiteInput.parse({
      serviceId: svc.id,
      smoke: [{ name: 'items', url: `${target.url}/api/items`, conditions: ['[BODY].status == ok', 'len([BODY].items) > 0'] }],
      loadTestId: load.id,
      runbookUrl: 'https://wiki.example/runbooks/catalog-rollback',
      settleS
    })
  )
  return { target, svc, suite }
}

/** Waits for the verification a deploy queued. */
async function verified(runId: number | null) {
  expect(runId).not.toBeNull()
  const jobId = t!.app.testing.suites.run(runId!).jobId!
  await t!.app.jobs.wait(jobId).catch(() => undefined)
  return t!.app.testing.suites.run(runId!)
}

describe('post-deploy verification', () => {
  it('verifies a deploy against the run before it, and flags a failing deploy with its rollback runbook', async () => {
    const { target, svc, suite } = await setUp()
    const baseline = await t!.app.testing.suites.runBaseline(suite.id).done
    expect(baseline).toMatchObject({ purpose: 'baseline', verdict: 'pass' })
    expect(baseline.report!.health).toEqual([expect.objectContaining({ name: 'health', status: 'UP' })])
    expect(baseline.report!.smoke[0]!.conditions.map((c) => c.ok)).toEqual([true, true])
    expect(baseline.report!.load).toMatchObject({ verdict: 'pass', failedThresholds: [] })

    const good = t!.app.testing.deploys.create({ serviceId: svc.id, version: 'v2', link: null, note: '' }, 'form')
    const ok = await verified(good.verificationRunId)
    expect(ok, ok.report?.reasons.join('; ')).toMatchObject({ purpose: 'verification', verdict: 'pass', deploy: { version: 'v2' } })
    expect(ok.report!.comparison!.beforeRunId).toBe(baseline.id)
    expect(firing()).toHaveLength(0)

    target.deploy('bad')
    const bad = t!.app.testing.deploys.create({ serviceId: svc.id, version: 'v3', link: null, note: '' }, 'api')
    const failed = await verified(bad.verificationRunId)
    expect(failed.verdict).toBe('fail')
    expect(failed.runbookUrl).toBe('https://wiki.example/runbooks/catalog-rollback')
    const reasons = failed.report!.reasons.join('\n')
    expect(reasons).toMatch(/health check health is down/)
    expect(reasons).toMatch(/smoke items: failed: \[BODY\]\.status == ok \(actual error\)/)
    expect(reasons).toMatch(/load test catalog smoke load: http_req_duration: p\(95\)<200/)
    expect(reasons).toMatch(/smoke items latency: .* → .* ms \(\+\d+/)
    expect(failed.report!.comparison!.beforeRunId).toBe(ok.id)

    const alert = firing()[0]!
    expect(alert.summary).toMatch(/catalog v3: verification failed: .* roll back: https:\/\/wiki.example\/runbooks\/catalog-rollback/)
    expect(alert.labels).toMatchObject({ service: 'catalog', version: 'v3' })

    const markers = t!.app.testing.deploys.list(0, Date.now() + 1000, svc.id)
    expect(markers.map((m) => [m.version, m.verification?.verdict])).toEqual([
      ['v3', 'fail'],
      ['v2', 'pass']
    ])

    // the next good deploy clears the alert
    target.deploy('good')
    await verified(t!.app.testing.deploys.create({ serviceId: svc.id, version: 'v4', link: null, note: '' }, 'form').verificationRunId)
    expect(firing()).toHaveLength(0)
  })

  it('waits the settle time after a marker before verifying', async () => {
    const { svc } = await setUp(30)
    const d = t!.app.testing.deploys.create({ serviceId: svc.id, version: 'v2', link: null, note: '' }, 'form')
    const run = t!.app.testing.suites.run(d.verificationRunId!)
    expect(run.state).toBe('waiting')
    t!.app.testing.suites.runDue(run.dueAt - 1)
    expect(t!.app.testing.suites.run(run.id).state).toBe('waiting')
    t!.app.testing.suites.runDue(run.dueAt)
    const v = await verified(run.id)
    expect(v.verdict, v.report?.reasons.join('; ')).toBe('pass')
    t!.app.testing.suites.runDue(run.dueAt + 1) // never twice
    expect(t!.app.testing.suites.detail(run.suiteId).runs).toHaveLength(1)
    // a marker recorded long after its deploy is history: nothing to verify now
    const late = t!.app.testing.deploys.create(
      { serviceId: svc.id, version: 'v1', at: Date.now() - 3_600_000, link: null, note: '' },
      'api'
    )
    expect(late.verificationRunId).toBeNull()
    // a deployment that failed (GitHub's deployment_status failure) put nothing out: flagged, nothing to verify
    const failed = t!.app.testing.deploys.fromHook({ service: 'catalog', version: 'v3', failed: true })
    expect(failed.verificationRunId).toBeNull()
    expect(t!.app.testing.deploys.list(0, Date.now() + 1000).find((m) => m.id === failed.id)).toMatchObject({
      failed: true,
      verification: null
    })
  })

  it('refuses a suite with nothing to run, or for an unknown service', async () => {
    t = tempApp()
    expect(() => t!.app.testing.suites.save(SuiteInput.parse({ serviceId: 5 }))).toThrow(/service 5 does not exist/)
    const svc = addService(t.app, 'x', 'http://127.0.0.1:1/')
    expect(() => t!.app.testing.suites.save(SuiteInput.parse({ serviceId: svc.id, healthChecks: false }))).toThrow(
      /needs the health checks, a smoke request or a load test/
    )
    expect(() => SuiteInput.parse({ serviceId: 1, smoke: [{ name: 'a', url: 'http://x/', conditions: ['[NOPE] == 1'] }] })).toThrow(
      /unknown placeholder/
    )
  })
})

const firing = () => t!.app.alerts.list({ state: 'firing', limit: 10 }).filter((a) => a.labels.testing === 'verification')
