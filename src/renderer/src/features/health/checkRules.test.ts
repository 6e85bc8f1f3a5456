import { describe, expect, it } from 'vitest'
import { checkRules } from './checkRules'

describe('checkRules: a check’s conditions on its service page', () => {
  it('lists accepted status, keyword and every condition as written', () => {
    const rules = checkRules({
      kind: 'http',
      acceptedStatus: ['200-299', '301'],
      keyword: 'ok',
      keywordMode: 'absent',
      conditions: ['[STATUS] == 200', '[BODY].queue.depth < 10']
    })
    expect(rules).toEqual([
      { label: 'Accepted status', text: '200-299, 301' },
      { label: 'Keyword', text: '“ok” must be absent' },
      { label: 'Condition', text: '[STATUS] == 200', code: true },
      { label: 'Condition', text: '[BODY].queue.depth < 10', code: true }
    ])
  })
  it('describes DNS and TLS expectations, and nothing for a bare TCP check', () => {
    expect(checkRules({ kind: 'dns', expected: ['10.0.0.1'] })).toEqual([{ label: 'Expected answers', text: '10.0.0.1' }])
    expect(checkRules({ kind: 'tls', warnDays: 14 })).toEqual([{ label: 'Certificate', text: 'DEGRADED when it expires within 14 days' }])
    expect(checkRules({ kind: 'tcp', host: 'db', port: 5432 })).toEqual([])
  })
})
