import { describe, expect, it } from 'vitest'
import type { SourceInspection } from '../../../../shared/contract/features'
import { draftFromInspection, draftToInput, emptyDraft } from './viewDraft'

const insp: SourceInspection = {
  path: '/data/driver_stats.parquet',
  format: 'parquet',
  files: ['/data/driver_stats.parquet'],
  sampleRows: 10,
  columns: [
    { name: 'driver_id', type: 'int64', examples: ['1001'] },
    { name: 'event_timestamp', type: 'timestamp', examples: [] },
    { name: 'created', type: 'timestamp', examples: [] },
    { name: 'conv_rate', type: 'float64', examples: ['0.4'] },
    { name: 'city', type: 'string', examples: ['Berlin'] },
    { name: 'bad-name', type: 'string', examples: [] }
  ]
}

describe('view draft', () => {
  it('fills keys, timestamps and features from an inspected source', () => {
    const d = draftFromInspection(emptyDraft(), insp)
    expect(d).toMatchObject({
      name: 'driver_stats',
      entities: [{ name: 'driver_id', type: 'int64' }],
      timestampField: 'event_timestamp',
      createdTimestampField: 'created',
      features: [
        { name: 'conv_rate', type: 'float64' },
        { name: 'city', type: 'string' }
      ]
    })
  })

  it('turns a valid draft into the contract input', () => {
    const d = {
      ...draftFromInspection(emptyDraft(), insp),
      sourcePath: '/data/driver_stats.parquet',
      ttl: '1d 12h',
      tags: 'team = drivers\n'
    }
    expect(draftToInput(d)).toEqual({
      errors: {},
      input: expect.objectContaining({
        name: 'driver_stats',
        ttlSeconds: 129_600,
        tags: { team: 'drivers' },
        createdTimestampField: 'created',
        source: { path: '/data/driver_stats.parquet' }
      })
    })
  })

  it('names every field that is wrong', () => {
    const { input, errors } = draftToInput({ ...emptyDraft(), name: '1x', tags: 'oops', ttl: 'soon', sourcePath: 'rel.csv' })
    expect(input).toBeNull()
    expect(errors).toEqual({
      name: expect.any(String),
      tags: 'line 1: write key=value',
      entities: 'name at least one join key',
      ttl: 'a duration such as 0, 90s, 15m, 2h or 1d 12h',
      sourcePath: 'an absolute path on the console’s machine',
      features: expect.stringMatching(/at least one feature/)
    })
  })
})
