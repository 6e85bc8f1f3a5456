import { describe, expect, it } from 'vitest'
import { parseThresholds } from './thresholds'

describe('k6 thresholds', () => {
  it('parses metrics, tag filters, aggregations and abort options', () => {
    const t = parseThresholds({
      http_req_duration: ['p(95)<200', 'p(99.9) <= 1500', 'avg<100', 'med<50'],
      'http_req_duration{name:checkout, method:POST}': [{ threshold: 'max<3000', abortOnFail: true, delayAbortEval: '10s' }],
      http_req_failed: ['rate<0.01'],
      dropped_iterations: ['count==0'],
      http_reqs: ['rate>=100']
    })
    expect(t.map((x) => [x.key, x.agg, x.op, x.value])).toEqual([
      ['http_req_duration', { kind: 'p', p: 0.95 }, '<', 200],
      ['http_req_duration', { kind: 'p', p: 99.9 / 100 }, '<=', 1500], // as k6: p(N) / 100
      ['http_req_duration', { kind: 'avg' }, '<', 100],
      ['http_req_duration', { kind: 'med' }, '<', 50],
      ['http_req_duration{name:checkout, method:POST}', { kind: 'max' }, '<', 3000],
      ['http_req_failed', { kind: 'rate' }, '<', 0.01],
      ['dropped_iterations', { kind: 'count' }, '==', 0],
      ['http_reqs', { kind: 'rate' }, '>=', 100]
    ])
    expect(t[4]).toMatchObject({ tags: { name: 'checkout', method: 'POST' }, abortOnFail: true, delayAbortEvalMs: 10_000 })
  })

  it.each([
    [{ http_req_latency: ['p(95)<1'] }, /unknown metric http_req_latency/],
    [{ http_req_duration: ['rate<1'] }, /http_req_duration is a trend; use avg, min, max, med, p\(N\)/],
    [{ http_req_failed: ['p(95)<1'] }, /http_req_failed is a rate; use rate/],
    [{ http_req_duration: ['p(95)'] }, /missing operator/],
    [{ http_req_duration: ['p(95)<fast'] }, /"fast" is not a number/],
    [{ http_req_duration: ['p(101)<1'] }, /between p\(0\) and p\(100\)/],
    [{ 'http_req_duration{name}': ['p(95)<1'] }, /must be name:value/],
    [{ http_req_duration: [{ threshold: 'p(95)<1', delayAbortEval: 'soon' }] }, /not a duration/]
  ])('refuses %j with a clear message', (map, message) => {
    expect(() => parseThresholds(map)).toThrow(message)
  })
})
