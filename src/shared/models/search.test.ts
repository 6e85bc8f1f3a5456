import { describe, expect, it } from 'vitest'
import { matchesSearch, parseSearch, SearchSyntaxError, type Searchable } from './search'

const item = (over: Partial<Searchable> = {}): Searchable => ({
  metrics: { accuracy: 0.93, 'val loss': 0.21, rmse: null },
  params: { max_depth: '6', optimizer: 'adam' },
  tags: { 'mlflow.runName': 'RF-trees100', team: 'growth' },
  attributes: { name: 'RF-trees100', status: 'FINISHED', stage: 'Production' },
  ...over
})

describe('model search', () => {
  it('parses MLflow-style clauses joined by AND', () => {
    expect(parseSearch('metrics.accuracy > 0.9 and params.max_depth = "6"')).toEqual([
      { field: { kind: 'metrics', key: 'accuracy' }, op: '>', value: 0.9 },
      { field: { kind: 'params', key: 'max_depth' }, op: '=', value: '6' }
    ])
    expect(parseSearch('')).toEqual([])
    expect(parseSearch('metrics.`val loss` <= 0.3 AND tags.mlflow.runName LIKE "RF%"')).toHaveLength(2)
  })

  it('filters on metrics, params (as numbers or text), tags and attributes', () => {
    const ok = (q: string): boolean => matchesSearch(item(), parseSearch(q))
    expect(ok('metrics.accuracy > 0.9')).toBe(true)
    expect(ok('metrics.accuracy > 0.95')).toBe(false)
    expect(ok('metrics.`val loss` < 0.25')).toBe(true)
    expect(ok('params.max_depth >= 6')).toBe(true)
    expect(ok('params.optimizer != "sgd"')).toBe(true)
    expect(ok('tags.mlflow.runName like "RF-%"')).toBe(true)
    expect(ok('tags.team ilike "GROW%"')).toBe(true)
    expect(ok('stage = "Production" and status = "FINISHED"')).toBe(true)
    expect(ok('attributes.run_name = "RF-trees100"')).toBe(true)
    // missing or null values never match, whatever the operator
    expect(ok('metrics.f1 < 100')).toBe(false)
    expect(ok('metrics.rmse < 100')).toBe(false)
  })

  it('says what is wrong in words', () => {
    const msg = (q: string): string => {
      try {
        parseSearch(q)
        return 'parsed'
      } catch (e) {
        expect(e).toBeInstanceOf(SearchSyntaxError)
        return (e as Error).message
      }
    }
    expect(msg('accuracy > 0.9')).toMatch(/unknown field “accuracy”: start with metrics\./)
    expect(msg('metrics.accuracy 0.9')).toMatch(/expected an operator/)
    expect(msg('metrics.accuracy >')).toMatch(/expected a value after metrics.accuracy > at the end/)
    expect(msg('metrics.accuracy > "high"')).toMatch(/compared with a number/)
    expect(msg('metrics.a > 1 or metrics.b > 2')).toMatch(/OR is not supported/)
  })
})
