import { describe, expect, it } from 'vitest'
import { ExpositionError, parseExposition } from './exposition'

describe('parseExposition', () => {
  it('reads text 0.0.4: labels with escapes, NaN, ±Inf and millisecond timestamps', () => {
    const p = parseExposition(
      [
        '# HELP a_total A counter.',
        '# TYPE a_total counter',
        'a_total{path="/x",msg="say \\"hi\\"\\n"} 12 1700000000000',
        'b NaN',
        'c{le="+Inf"} +Inf',
        'd -Inf',
        'e 1.5e3'
      ].join('\n')
    )
    expect(p.format).toBe('prometheus')
    expect(p.types).toEqual({ a_total: 'counter' })
    expect(p.samples[0]).toEqual({ labels: { __name__: 'a_total', path: '/x', msg: 'say "hi"\n' }, value: 12, t: 1700000000000 })
    expect(p.samples[1]!.value).toBeNaN()
    expect(p.samples[2]!.value).toBe(Infinity)
    expect(p.samples[3]!.value).toBe(-Infinity)
    expect(p.samples[4]!.value).toBe(1500)
  })

  it('reads OpenMetrics 1.0: seconds timestamps, exemplars and # EOF', () => {
    const p = parseExposition(
      [
        '# TYPE r counter',
        '# UNIT r_seconds seconds',
        'r_total 5 1700000000.5 # {trace_id="abc"} 1 1700000000',
        'r_created 1700000000',
        '# EOF',
        ''
      ].join('\n'),
      'application/openmetrics-text; version=1.0.0'
    )
    expect(p.format).toBe('openmetrics')
    expect(p.samples[0]).toEqual({ labels: { __name__: 'r_total' }, value: 5, t: 1700000000500 })
    expect(p.samples).toHaveLength(2)
  })

  it('names the bad line', () => {
    expect(() => parseExposition('ok 1\nbroken{a="1" 2\n')).toThrow(ExpositionError)
    expect(() => parseExposition('ok 1\nx abc\n')).toThrow('line 2: value "abc" is not a number')
    expect(() => parseExposition('# TYPE a gauge\na 1\n', 'application/openmetrics-text')).toThrow('does not end with # EOF')
  })
})
