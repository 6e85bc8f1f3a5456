/**
 * GrowthBook's SDK conformance cases (shared/data/growthbook/cases.json, MIT, see SOURCE.md there): every SDK
 * must pass them. We run the hashing, bucket-range, variation-choice, namespace and equal-weight cases, and the `run`
 * cases that use only what an experiment here configures (key/seed, variations, weights, coverage, hash attribute,
 * hash version, namespace).
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedData } from '../../../../tests/helpers/data'
import { assignUnit, bucketRanges, chooseVariation, equalWeights, fnv1a32, hashUnit, inNamespace, type Range } from './assign'

const file = sharedData('growthbook', 'cases.json')

interface Cases {
  hash: [string, string, number, number | null][]
  getBucketRange: [string, [number, number, number[] | null], Range[]][]
  chooseVariation: [string, number, Range[], number][]
  inNamespace: [string, string, [string, number, number], boolean][]
  getEqualWeights: [number, number[]][]
  run: [string, Record<string, unknown>, Record<string, unknown>, unknown, boolean, boolean][]
}
const cases = JSON.parse(fs.readFileSync(file, 'utf8')) as Cases

describe('GrowthBook SDK cases', () => {
  it('finds every published case', () => {
    expect([
      cases.hash.length,
      cases.getBucketRange.length,
      cases.chooseVariation.length,
      cases.inNamespace.length,
      cases.getEqualWeights.length
    ]).toEqual([15, 13, 13, 16, 6])
  })

  it('FNV-1a matches the published 32-bit test vector', () => {
    // FNV's own test vector: fnv1a32("a") = 0xe40c292c
    expect(fnv1a32('a')).toBe(0xe40c292c)
    expect(fnv1a32('')).toBe(0x811c9dc5)
  })

  it.each(cases.hash)('hash(%j, %j, v%j) = %j', (seed, value, version, expected) => {
    expect(hashUnit(seed, value, version)).toBe(expected)
  })

  it.each(cases.getBucketRange)('bucket ranges: %s', (_name, [n, coverage, weights], expected) => {
    const got = bucketRanges(n, coverage, weights)
    expect(got.length).toBe(expected.length)
    got.forEach((r, i) => {
      expect(r[0]).toBeCloseTo(expected[i]![0], 12)
      expect(r[1]).toBeCloseTo(expected[i]![1], 12)
    })
  })

  it.each(cases.chooseVariation)('choose variation: %s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected)
  })

  it.each(cases.inNamespace)('namespace: %s', (_name, id, ns, expected) => {
    expect(inNamespace(id, ns)).toBe(expected)
  })

  it.each(cases.getEqualWeights)('equal weights for %j', (n, expected) => {
    const got = equalWeights(n)
    expect(got.length).toBe(expected.length)
    got.forEach((w, i) => expect(w).toBeCloseTo(expected[i]!, 8))
  })

  const SUPPORTED_EXP = new Set(['key', 'variations', 'weights', 'coverage', 'hashAttribute', 'seed', 'hashVersion', 'namespace'])
  const runnable = cases.run.filter(
    ([, ctx, exp]) => Object.keys(ctx).every((k) => k === 'attributes') && Object.keys(exp).every((k) => SUPPORTED_EXP.has(k))
  )

  it('keeps most of the run cases (the ones about targeting, forcing and QA mode are out of scope)', () => {
    expect(runnable.length).toBeGreaterThanOrEqual(45)
  })

  it.each(runnable)('run: %s', (_name, ctx, exp, value, inExperiment) => {
    const attrs = (ctx.attributes ?? {}) as Record<string, unknown>
    const variations = exp.variations as unknown[]
    const raw = attrs[(exp.hashAttribute as string | undefined) ?? 'id']
    const id = raw === null || raw === undefined ? '' : String(raw)
    const a = assignUnit(
      {
        seed: (exp.seed as string | undefined) ?? (exp.key as string),
        hashVersion: (exp.hashVersion as number | undefined) ?? 1,
        numVariations: variations.length,
        weights: (exp.weights as number[] | undefined) ?? equalWeights(variations.length),
        coverage: (exp.coverage as number | undefined) ?? 1,
        namespace: (exp.namespace as [string, number, number] | undefined) ?? null
      },
      id
    )
    expect(a.inExperiment).toBe(inExperiment)
    expect(variations[a.inExperiment ? a.variation : 0]).toEqual(value)
  })
})
