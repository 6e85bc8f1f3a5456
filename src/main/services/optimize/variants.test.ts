/**
 * Optimised versus base over a real workspace, against numpy (scripts/reference/optimize_variants_reference.py): sizes,
 * latency percentiles at batch 1 and 32 from an imported results file, accuracy difference with a paired interval,
 * output agreement, and a gate that passes the int8 variant and fails the slower, less accurate pruned one.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { modelsChannels } from '../../../shared/contract/models'
import type { VariantsInput } from '../../../shared/contract/optimize'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'

const FIX = path.join(__dirname, '__fixtures__', 'variants')
const E = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as {
  gate: { maxAccuracyDrop: number; minLatencyGain: number }
  rows: number
  sizes: Record<string, number>
  accuracy: Record<string, number>
  latency: Record<string, Record<string, { p50: number; p95: number; p99: number }>>
  variants: Record<string, { accuracyDiff: number; sameTop1: number; maxScoreDiff: number; latencyGain: number; pass: boolean }>
}

let t: TestApp
afterEach(async () => t?.cleanup())

function setup(): { input: VariantsInput } {
  t = tempApp()
  const model = t.app.models.create(modelsChannels['models:create'].input.parse({ name: 'clf' }))
  const [b, q, p] = [0, 1, 2].map(
    () => t.app.models.createVersion(modelsChannels['models:createVersion'].input.parse({ modelId: model.id })).id
  )
  const holdoutPath = path.join(FIX, 'holdout.csv')
  return {
    input: {
      name: 'clf optimised',
      task: 'classification',
      holdoutPath,
      labelColumn: 'label',
      idColumn: 'id',
      base: { versionId: b!, column: 'base', artifactPath: path.join(FIX, 'base.bin') },
      variants: [
        { versionId: q!, kind: 'quantised', column: 'int8', artifactPath: path.join(FIX, 'int8.bin') },
        { versionId: p!, kind: 'pruned', column: 'pruned', artifactPath: path.join(FIX, 'pruned.bin') }
      ],
      latencyFile: path.join(FIX, 'latencies.csv'),
      ...E.gate
    }
  }
}

describe('optimised versus base', () => {
  it('matches numpy on accuracy, agreement, sizes and latency percentiles, and gates each variant', async () => {
    const { input } = setup()
    const c = await t.app.optimize.variants.compare(input)
    expect(c.rows).toBe(E.rows)
    expect(c.metricKey).toBe('accuracy')
    expect(c.base.metric).toBeCloseTo(E.accuracy.base!, 12)
    expect(c.base.sizeBytes).toBe(E.sizes.base)
    for (const [i, key] of (['int8', 'pruned'] as const).entries()) {
      const v = c.variants[i]!
      const e = E.variants[key]!
      expect(v.metric).toBeCloseTo(E.accuracy[key]!, 12)
      expect(v.metricDiff).toBeCloseTo(e.accuracyDiff, 12)
      expect(v.sameTop1).toBeCloseTo(e.sameTop1, 12)
      expect(v.maxScoreDiff).toBeCloseTo(e.maxScoreDiff, 12)
      expect(v.latencyGain).toBeCloseTo(e.latencyGain, 9)
      expect(v.sizeRatio).toBeCloseTo(E.sizes[key]! / E.sizes.base!, 12)
      expect(v.pass).toBe(e.pass)
      expect(v.latency.map((l) => l.batch)).toEqual([1, 32])
      for (const l of v.latency)
        for (const q of ['p50', 'p95', 'p99'] as const) expect(l[q]).toBeCloseTo(E.latency[key]![String(l.batch)]![q], 9)
      expect(v.diffCi![0]).toBeLessThanOrEqual(v.metricDiff)
      expect(v.diffCi![1]).toBeGreaterThanOrEqual(v.metricDiff)
    }
    // the pruned variant fails on both counts, and says so
    expect(c.variants[1]!.reasons.join(' ')).toMatch(/accuracy drops by 0\.0760.*slower/)
    // its interval excludes zero: the drop is real, not noise
    expect(c.variants[1]!.diffCi![1]).toBeLessThan(0)
    expect(t.app.optimize.variants.list()).toEqual([expect.objectContaining({ name: 'clf optimised', variants: 2, passed: 1 })])
    expect(t.app.optimize.variants.get(c.id).variants[0]!.kind).toBe('quantised')
  })

  it('fails the gate without latencies, and names a bad latency file', async () => {
    const { input } = setup()
    const { latencyFile: _, ...noLatency } = input
    const c = await t.app.optimize.variants.compare(noLatency)
    expect(c.variants.every((v) => !v.pass && v.reasons.some((r) => /no latency measured/.test(r)))).toBe(true)
    const bad = path.join(t.dir, 'lat.csv')
    fs.writeFileSync(bad, 'version,batch_size,latency_ms\nclf v1,0,3\n')
    await expect(t.app.optimize.variants.compare({ ...input, latencyFile: bad })).rejects.toThrow(/row 2: batch_size "0"/)
    fs.writeFileSync(bad, 'model,ms\n')
    await expect(t.app.optimize.variants.compare({ ...input, latencyFile: bad })).rejects.toThrow(/no "version" column/)
    expect(() => t.app.optimize.variants.start({ ...input, base: { ...input.base, versionId: 999 } })).toThrow(/no version with id 999/)
  })
})
