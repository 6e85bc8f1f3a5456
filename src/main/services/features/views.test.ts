import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { featuresHarness, feastDocs, type FeaturesHarness } from './__fixtures__/harness'

let h: FeaturesHarness
afterEach(async () => h?.cleanup())

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected an error')
}

describe('feature views and versions', () => {
  it('a schema or source change makes a new version; description, owner, tags, TTL and feature descriptions change in place', () => {
    h = featuresHarness()
    const { view, source } = feastDocs(h.dir)
    expect(h.features.saveView(view)).toMatchObject({ outcome: 'created', version: 0 })
    expect(h.features.saveView(view)).toMatchObject({ outcome: 'unchanged', version: 0 })
    const meta = h.features.saveView({
      ...view,
      description: 'per driver',
      ttlSeconds: 3600,
      tags: { team: 'drivers' },
      features: [{ ...view.features[0]!, description: 'trips so far today', tags: { pii: 'no' } }, view.features[1]!]
    })
    expect(meta).toMatchObject({
      outcome: 'updated',
      version: 0,
      change: 'description, tags, TTL, feature descriptions or tags changed in place'
    })
    expect(h.features.view('driver_hourly_stats')).toMatchObject({
      ttlSeconds: 3600,
      versionCount: 1,
      current: { features: [{ tags: { pii: 'no' } }, {}] }
    })

    const added = h.features.saveView({ ...view, features: [...view.features, { name: 'rating', type: 'float64' }] })
    expect(added).toMatchObject({ outcome: 'new-version', version: 1, change: 'feature rating added' })
    const moved = path.join(h.dir, 'v2.csv')
    fs.copyFileSync(source, moved)
    const resourced = h.features.saveView({
      ...view,
      source: { path: moved },
      features: [{ name: 'trips_today', type: 'float64' }, view.features[1]!, { name: 'rating', type: 'float64' }]
    })
    expect(resourced).toMatchObject({ outcome: 'new-version', version: 2, change: 'feature trips_today int64 → float64; source changed' })
    expect(h.features.diff('driver_hourly_stats', 0, 2).changes).toEqual([
      { kind: 'changed', what: 'feature', name: 'trips_today', before: 'int64', after: 'float64' },
      { kind: 'added', what: 'feature', name: 'rating', before: null, after: 'float64' },
      { kind: 'changed', what: 'source', name: 'source', before: source, after: moved }
    ])
    const d = h.features.view('driver_hourly_stats')
    expect(d.versions.map((v) => [v.version, v.change])).toEqual([
      [0, 'created'],
      [1, 'feature rating added'],
      [2, 'feature trips_today int64 → float64; source changed']
    ])
    expect(h.features.version('driver_hourly_stats', 0).source.path).toBe(source)
    expect(h.features.views.resolve('driver_hourly_stats@v0:trips_today')).toMatchObject({ version: 0, feature: { type: 'int64' } })
    expect(h.features.views.resolve('driver_hourly_stats:trips_today')).toMatchObject({ version: 2, feature: { type: 'float64' } })
    expect(errorOf(() => h.features.views.resolve('driver_hourly_stats@v0:rating')).message).toBe(
      'features: “driver_hourly_stats@v0:rating”: driver_hourly_stats@v0 has no feature “rating” (it has trips_today, earnings_today)'
    )
    expect(errorOf(() => h.features.views.resolve('driver_hourly_stats@v9:rating')).message).toMatch(/has no version v9 \(versions v0–v2\)/)
    expect(errorOf(() => h.features.views.resolve('nope:x')).field).toBe('features')
    expect(h.events.filter((e) => e.name === 'features:changed').map((e) => e.payload.kind)).toEqual(['view', 'view', 'view', 'view'])
  })

  it('refuses bad definitions with the field named', () => {
    h = featuresHarness()
    const { view } = feastDocs(h.dir)
    expect(() => h.features.saveView({ ...view, features: [{ name: 'driver_id', type: 'int64' }] })).toThrow(/already used as a join key/)
    expect(() => h.features.saveView({ ...view, name: 'bad name' })).toThrow(/letters, digits and _ only/)
    expect(() => h.features.saveView({ ...view, source: { path: 'relative.csv' } })).toThrow(/absolute path/)
  })
})

describe('features as code (YAML)', () => {
  it('exports every view and imports them back into an empty workspace unchanged', () => {
    h = featuresHarness()
    const { view } = feastDocs(h.dir)
    h.features.saveView({ ...view, tags: { team: 'drivers' }, createdTimestampField: null })
    h.features.saveView({ ...view, name: 'driver_daily', ttlSeconds: 86_400 * 3 })
    const folder = path.join(h.dir, 'repo')
    const out = h.features.exportFolder(folder)
    expect(out.files.map((f) => path.basename(f))).toEqual(['driver_daily.yaml', 'driver_hourly_stats.yaml'])
    const text = fs.readFileSync(out.files[0]!, 'utf8')
    expect(text).toContain('ttl: 3d\n')
    expect(text).toContain('timestamp: timestamp\n')
    const other = featuresHarness()
    try {
      const report = other.features.importYaml({ path: folder })
      expect(report.views.map((v) => [v.name, v.outcome])).toEqual([
        ['driver_daily', 'created'],
        ['driver_hourly_stats', 'created']
      ])
      expect(other.features.exportYaml()).toEqual(h.features.exportYaml())
      expect(other.features.importYaml({ path: folder }).views.every((v) => v.outcome === 'unchanged')).toBe(true)
    } finally {
      void other.cleanup()
    }
  })

  it('dry run reports without writing; relative sources resolve against the file; replace removes the rest', () => {
    h = featuresHarness()
    const { view } = feastDocs(h.dir)
    h.features.saveView({ ...view, name: 'old_view' })
    const yaml = `name: driver_hourly_stats\nentities: [{ name: driver_id, type: int64 }]\ntimestamp: timestamp\nttl: 2h\nsource: ./driver_hourly_stats.csv\nfeatures:\n  - { name: trips_today, type: int64 }\n`
    fs.writeFileSync(path.join(h.dir, 'stats.yaml'), yaml)
    const dry = h.features.importYaml({ path: h.dir, mode: 'replace', dryRun: true })
    expect(dry).toMatchObject({
      dryRun: true,
      views: [{ name: 'driver_hourly_stats', outcome: 'created', version: 0 }],
      removed: ['old_view']
    })
    expect(h.features.list().map((v) => v.name)).toEqual(['old_view'])
    h.features.importYaml({ path: h.dir, mode: 'replace' })
    expect(h.features.list().map((v) => [v.name, v.sourcePath, v.ttlSeconds])).toEqual([
      ['driver_hourly_stats', path.join(h.dir, 'driver_hourly_stats.csv'), 7200]
    ])
  })

  it('every problem names its file, line and field; one bad file means nothing is written', () => {
    h = featuresHarness()
    feastDocs(h.dir)
    const good = `name: good\nentities: [{ name: driver_id }]\nsource: /data/x.csv\nfeatures:\n  - { name: a, type: int64 }\n`
    const bad = [
      'name: broken',
      'entities:',
      '  - name: driver_id',
      '    type: int32',
      'source: /data/y.csv',
      'ttl: 2 hours',
      'features:',
      '  - name: trips',
      '    type: float64',
      '  - name: trips',
      '    type: text',
      'colour: blue'
    ].join('\n')
    fs.writeFileSync(path.join(h.dir, 'a_good.yaml'), good)
    fs.writeFileSync(path.join(h.dir, 'b_bad.yaml'), bad)
    fs.writeFileSync(path.join(h.dir, 'c_dup.yaml'), good)
    const err = errorOf(() => h.features.importYaml({ path: h.dir }))
    expect(err.field).toBe('path')
    const problems = err.message.replace(/^path: /, '').split('; ')
    expect(problems).toEqual([
      expect.stringMatching(/^b_bad\.yaml: line 4: entities\[0\]\.type: /),
      expect.stringMatching(/^b_bad\.yaml: line 6: ttl: /),
      expect.stringMatching(/^b_bad\.yaml: line 11: features\[1\]\.type: /),
      'b_bad.yaml: line 12: colour: unknown field (known: name, description, owner, tags, entities, timestamp, created_timestamp, ttl, source, features)',
      'c_dup.yaml: line 1: name: “good” is also defined in a_good.yaml at line 1'
    ])
    expect(h.features.list()).toEqual([])
    const dup = errorOf(() =>
      h.features.importYaml({
        yaml: `${good}---\nname: twice\nentities: [{ name: k }]\nsource: /x.csv\nfeatures:\n  - { name: a, type: int64 }\n  - { name: a, type: bool }\n`
      })
    )
    expect(dup.message).toBe('yaml: line 12: features[1].name: “a” is already used as a column of this view')
    const syntax = errorOf(() => h.features.importYaml({ yaml: 'name: [unclosed\n' }))
    expect(syntax.message).toMatch(/^yaml: line \d+: /)
  })
})
