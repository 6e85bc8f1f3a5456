import { describe, expect, it } from 'vitest'
import { LoadPlan } from '../../../../shared/contract/testingLoad'
import { draftOfTest, emptyLoadDraft, loadInputOf, parseStages, parseThresholds } from './loadDraft'

describe('load test draft', () => {
  it('reads stages and thresholds as typed', () => {
    expect(parseStages('30s:50, 1m:100\n90:0')).toEqual([
      { durationS: 30, target: 50 },
      { durationS: 60, target: 100 },
      { durationS: 90, target: 0 }
    ])
    expect(
      parseThresholds(
        'http_req_duration: p(95)<200, \nhttp_req_failed{name:login}: rate<0.01 abort\n# a comment\nhttp_req_duration: p(99)<900'
      )
    ).toEqual({
      http_req_duration: ['p(95)<200,', 'p(99)<900'],
      'http_req_failed{name:login}': [{ threshold: 'rate<0.01', abortOnFail: true }]
    })
  })

  it('makes a plan the contract accepts, and round-trips a saved test', () => {
    const d = {
      ...emptyLoadDraft(),
      name: 'checkout',
      serviceId: '3',
      requests: [
        {
          name: 'cart',
          method: 'POST',
          url: 'http://127.0.0.1:8080/cart',
          headers: 'content-type: application/json',
          body: '{}',
          weight: '3',
          expectStatus: '200, 201'
        }
      ]
    }
    const input = loadInputOf(d)
    const plan = LoadPlan.parse(input.plan)
    expect(plan.executor).toEqual({ kind: 'constant-arrival-rate', rate: 50, durationS: 30, preAllocatedVUs: 10, maxVUs: 100 })
    expect(plan.requests[0]).toMatchObject({ headers: { 'content-type': 'application/json' }, weight: 3, expectStatus: ['200', '201'] })
    const back = draftOfTest({
      id: 1,
      name: 'checkout',
      serviceId: 3,
      serviceName: 'x',
      shape: '',
      thresholds: 2,
      lastRun: null,
      baselineRunId: null,
      runs: [],
      plan: plan as never
    })
    expect(loadInputOf(back)).toEqual(loadInputOf(d))
  })

  it('leaves bad numbers for the contract to name', () => {
    const d = { ...emptyLoadDraft(), rate: 'fast', requests: [{ ...emptyLoadDraft().requests[0]!, url: 'http://a/' }] }
    const r = LoadPlan.safeParse(loadInputOf(d).plan)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['executor', 'rate'])
  })
})
