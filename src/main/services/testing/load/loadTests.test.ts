import { afterEach, describe, expect, it } from 'vitest'
import { LoadPlan, type LoadPlanInput } from '../../../../shared/contract/testing'
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'
import { fastTarget, slowUnderLoad, type Target } from '../../../../../tests/helpers/loadTargets'
import { addService } from '../__fixtures__/harness'

let t: TestApp | undefined
const targets: Target[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  for (const s of targets.splice(0)) await s.close()
})

const plan = (url: string, rate: number, extra: Partial<LoadPlanInput> = {}) =>
  LoadPlan.parse({
    requests: [{ name: 'work', url }],
    executor: { kind: 'constant-arrival-rate', rate, durationS: 2, preAllocatedVUs: 5, maxVUs: 40 },
    thresholds: { http_req_duration: ['p(95)<150'], 'http_req_failed{name:work}': ['rate<0.01'] },
    timeoutMs: 2000,
    ...extra
  })

describe('load tests (runs on a worker thread)', () => {
  it('runs a saved test as a job, keeps the report with the service’s health, and compares with the baseline', async () => {
    t = tempApp()
    const target = await slowUnderLoad(10)
    targets.push(target)
    const svc = addService(t.app, 'orders', `${target.url}/health`)
    const { id } = t.app.testing.load.save({ name: 'orders steady', serviceId: svc.id, plan: plan(`${target.url}/orders`, 30) })

    const pending = t.app.testing.load.runNow(id)
    await new Promise((r) => setTimeout(r, 700))
    await t.app.health.runNow(svc.checkIds[0]!) // a health result inside the run's window
    const calm = await pending
    expect(calm.state).toBe('done')
    expect(calm.verdict).toBe('pass')
    expect(calm.report!.iterations.scheduled).toBe(60)
    expect(calm.health).toMatchObject({ serviceName: 'orders', results: 1, down: 0 })
    expect(t.app.jobs.get(calm.jobId!).state).toBe('done')
    expect(t.app.testing.load.setBaseline(id, calm.id)).toEqual({ baselineRunId: calm.id })

    // the same test above the target's capacity: fails, and the comparison says how much worse it got
    t.app.testing.load.save({ id, name: 'orders steady', serviceId: svc.id, plan: plan(`${target.url}/orders`, 200) })
    const hot = await t.app.testing.load.runNow(id)
    expect(hot.verdict).toBe('fail')
    expect(hot.report!.thresholds.find((x) => x.key === 'http_req_duration')!.ok).toBe(false)
    const p95 = hot.baseline!.deltas.find((d) => d.metric === 'latency p95')!
    expect(p95.baseline).toBe(calm.report!.latency.p95)
    expect(p95.changePct).toBeGreaterThan(100)
    expect(p95.better).toBe(false)
    expect(t.app.testing.load.detail(id).runs.map((r) => r.verdict)).toEqual(['fail', 'pass'])
    expect(t.app.testing.load.list()[0]).toMatchObject({ name: 'orders steady', serviceName: 'orders', lastRun: { verdict: 'fail' } })
  })

  it('checks a plan before saving it', () => {
    t = tempApp()
    expect(() => t!.app.testing.load.save({ name: 'x', serviceId: 999, plan: plan('http://127.0.0.1:1/', 1) })).toThrow(
      /service 999 does not exist/
    )
    expect(() =>
      t!.app.testing.load.save({
        name: 'x',
        serviceId: null,
        plan: plan('http://127.0.0.1:1/{{user}}', 1, { variablesFile: '/nonexistent/users.csv' })
      })
    ).toThrow(/does not exist/)
    expect(() => t!.app.testing.load.save({ name: 'x', serviceId: null, plan: plan('http://127.0.0.1:1/{{user}}', 1) })).toThrow(
      /\{\{user\}\} is neither a column/
    )
    t.app.testing.load.save({ name: 'x', serviceId: null, plan: plan('http://127.0.0.1:1/', 1) })
    expect(() => t!.app.testing.load.save({ name: 'x', serviceId: null, plan: plan('http://127.0.0.1:1/', 1) })).toThrow(/already exists/)
    expect(() =>
      LoadPlan.parse({ requests: [{ url: 'http://{{host}}/' }], executor: { kind: 'constant-vus', vus: 1, durationS: 1 } })
    ).toThrow(/host may not contain/)
    expect(() => LoadPlan.parse({ requests: [{ url: 'http://a/' }], executor: { kind: 'constant-vus', vus: 1, durationS: 4000 } })).toThrow(
      /3600/
    )
  })

  it('cancels a running test: the job and the run end cancelled', async () => {
    t = tempApp()
    const target = await fastTarget()
    targets.push(target)
    const { id } = t.app.testing.load.save({
      name: 'long',
      serviceId: null,
      plan: plan(`${target.url}/`, 20, { executor: { kind: 'constant-arrival-rate', rate: 20, durationS: 600 } })
    })
    const h = t.app.testing.load.start(id)
    await new Promise((r) => setTimeout(r, 1500))
    t.app.jobs.cancel(h.jobId)
    await expect(h.done).rejects.toThrow(/cancel/)
    expect(t.app.testing.load.run(h.runId)).toMatchObject({ state: 'cancelled', report: null })
  })
})
