import { describe, expect, it } from 'vitest'
import { distinct, filterServices, NO_FILTERS } from './filterServices'
import { summary } from './testData'

const list = [
  summary({ id: 1, name: 'checkout', environment: 'production', region: 'eu-west', state: 'UP', tags: { team: 'payments' } }),
  summary({ id: 2, name: 'search', environment: 'staging', region: 'us-east', state: 'DOWN', description: 'Elastic cluster' }),
  summary({ id: 3, name: 'auth', environment: 'production', region: 'us-east', state: 'DOWN' })
]
const ids = (l: { id: number }[]): number[] => l.map((s) => s.id)

describe('filterServices', () => {
  it('returns everything without filters', () => {
    expect(ids(filterServices(list, NO_FILTERS))).toEqual([1, 2, 3])
  })
  it('combines environment, region and state', () => {
    expect(ids(filterServices(list, { ...NO_FILTERS, environment: 'production', state: 'DOWN' }))).toEqual([3])
    expect(ids(filterServices(list, { ...NO_FILTERS, region: 'us-east' }))).toEqual([2, 3])
  })
  it('searches text in description and tags, every word must match', () => {
    expect(ids(filterServices(list, { ...NO_FILTERS, text: 'elastic' }))).toEqual([2])
    expect(ids(filterServices(list, { ...NO_FILTERS, text: 'team:payments' }))).toEqual([1])
    expect(ids(filterServices(list, { ...NO_FILTERS, text: 'auth production' }))).toEqual([3])
    expect(ids(filterServices(list, { ...NO_FILTERS, text: 'auth staging' }))).toEqual([])
  })
  it('lists distinct values sorted', () => {
    expect(distinct(list, 'region')).toEqual(['eu-west', 'us-east'])
  })
})
