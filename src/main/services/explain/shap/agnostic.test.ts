import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerBatches, startModelServer, type ModelServer } from '../../../../../tests/helpers/modelServer'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareRow } from '../model/predict'
import { syntheticModel, syntheticRows } from '../model/synthetic'
import { filePredictor, httpPredictor, treePredictor } from '../predictors'
import { bruteForceInterventional } from './bruteForce'
import { defaultNsamples, kernelShap, planCoalitions } from './kernel'
import { permutationShap } from './permutation'
import { Rng } from '../random'

const model = syntheticModel({ trees: 8, depth: 3, features: 6, seed: 11, outputs: 1 })
const M = 6
const rows = syntheticRows(model, 4, 5, 0).map((r) => prepareRow(model, r))
const background = syntheticRows(model, 30, 6, 0).map((r) => prepareRow(model, r))
const local = treePredictor(model)

/** A loopback model server answering with the model's margins. */
let server: ModelServer
beforeAll(async () => {
  server = await startModelServer(async (_columns, got) => {
    const { values } = await local.predict(
      Float64Array.from(got.flat(), (v) => (v === null ? NaN : v)),
      got.length
    )
    return Array.from(values)
  })
})
afterAll(() => server.close())

describe('KernelSHAP', () => {
  it('with 2M + 2048 samples covers every coalition of M ≤ 10 features: exact interventional Shapley values, no sampling error', async () => {
    expect(defaultNsamples(M)).toBe(2060)
    for (const [i, x] of rows.entries()) {
      const r = await kernelShap(x, i, background, local, { nsamples: null, seed: 1 }, undefined)
      expect(r.exact).toBe(true)
      const want = bruteForceInterventional(model, x, background)
      for (let j = 0; j < M; j++) {
        expect(Math.abs(r.phi[j]! - want[j]!)).toBeLessThan(1e-9)
        expect(r.se[j]).toBe(0)
      }
      expect(r.fx[0]! - r.expected[0]!).toBeCloseTo(
        r.phi.reduce((a, b) => a + b, 0),
        10
      )
    }
  })

  it('sampled with a small budget: close to exact, a standard error is shown, the same seed gives the same numbers', async () => {
    const x = rows[0]!
    const a = await kernelShap(x, 0, background, local, { nsamples: 30, seed: 7 })
    const b = await kernelShap(x, 0, background, local, { nsamples: 30, seed: 7 })
    const c = await kernelShap(x, 0, background, local, { nsamples: 30, seed: 8 })
    expect(a.exact).toBe(false)
    expect(Array.from(a.phi)).toEqual(Array.from(b.phi))
    expect(Array.from(a.phi)).not.toEqual(Array.from(c.phi))
    const want = bruteForceInterventional(model, x, background)
    expect(a.se.some((s) => s > 0)).toBe(true)
    for (let j = 0; j < M; j++) expect(Math.abs(a.phi[j]! - want[j]!)).toBeLessThan(6 * a.se[j]! + 1e-6)
    // local accuracy holds by construction whatever the sample
    expect(a.phi.reduce((s, v) => s + v, 0)).toBeCloseTo(a.fx[0]! - a.expected[0]!, 10)
  })

  it('plans coalitions as shap does: complete sizes first, paired with their complements, then weighted draws', () => {
    const p = planCoalitions(12, 200, new Rng(3))
    expect(p.masks.length).toBe(200)
    // sizes 1 and 11 (24 coalitions, 36 % of the kernel weight) fit the budget; sizes 2 and 10 (132 coalitions,
    // 31 % of what is left) would need 132 of the remaining 176 × 0.31 ≈ 55: the other 176 are drawn
    expect(p.fixed).toBe(24)
    const keys = new Set(p.masks.map((m) => m.join('')))
    expect(keys.size).toBe(200)
    const total = p.weights.reduce((a, b) => a + b, 0)
    expect(total).toBeCloseTo(1, 12)
  })
})

describe('Permutation SHAP', () => {
  it('antithetic permutations within max_evals: unbiased (within 5 standard errors of exact), reproducible by seed', async () => {
    for (const [i, x] of rows.entries()) {
      const r = await permutationShap(x, i, background, local, { maxEvals: 500, seed: 3 })
      const again = await permutationShap(x, i, background, local, { maxEvals: 500, seed: 3 })
      expect(Array.from(r.phi)).toEqual(Array.from(again.phi))
      const want = bruteForceInterventional(model, x, background)
      for (let j = 0; j < M; j++) expect(Math.abs(r.phi[j]! - want[j]!)).toBeLessThanOrEqual(5 * r.se[j]! + 1e-9)
      // antithetic pairs make Σφ exact: every forward walk ends at f(x), every reverse walk at E[f]
      expect(r.phi.reduce((s, v) => s + v, 0)).toBeCloseTo(r.fx[0]! - r.expected[0]!, 10)
    }
  })

  it('refuses a max_evals below one antithetic permutation', async () => {
    await expect(permutationShap(rows[0]!, 0, background, local, { maxEvals: 5, seed: 1 })).rejects.toThrow(
      /max_evals 5 is too small.*needs 13/
    )
  })
})

describe('predictors', () => {
  it('an HTTP endpoint gives the same values as the model itself, in batches of at most batchRows rows', async () => {
    const remote = httpPredictor({ url: server.url, columns: model.features, batchRows: 2000 })
    const before = server.requests()
    const a = await permutationShap(rows[1]!, 1, background, remote, { maxEvals: 200, seed: 9 })
    const b = await permutationShap(rows[1]!, 1, background, local, { maxEvals: 200, seed: 9 })
    expect(Array.from(a.phi)).toEqual(Array.from(b.phi))
    expect(server.requests() - before).toBe(Math.ceil(a.evaluations / 2000))
  })

  it('an HTTP endpoint that answers badly is named with what went wrong', async () => {
    const bad = http.createServer((_req, res) => res.end(JSON.stringify({ predictions: [1, 2] })))
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r))
    const u = `http://127.0.0.1:${(bad.address() as AddressInfo).port}/`
    try {
      await expect(httpPredictor({ url: u, columns: model.features }).predict(new Float64Array(3 * M), 3)).rejects.toThrow(
        /2 predictions for 3 rows/
      )
    } finally {
      await new Promise<void>((r) => bad.close(() => r()))
    }
  })

  it('the predictions-file protocol: a batch file out, its predictions file back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-explain-batches-'))
    // the "model process": answers every batch file it finds
    const answering = answerBatches(dir, (rows, n) => local.predict(rows, n), 'prediction\n')
    try {
      const files: string[] = []
      const viaFiles = filePredictor({ dir, columns: model.features, pollMs: 10, waiting: (f) => files.push(f) })
      const a = await kernelShap(rows[2]!, 2, background, viaFiles, { nsamples: null, seed: 1 })
      const b = await kernelShap(rows[2]!, 2, background, local, { nsamples: null, seed: 1 })
      expect(Array.from(a.phi)).toEqual(Array.from(b.phi))
      expect(files).toEqual(['batch-000001.predictions.csv'])
      expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.tmp'))).toEqual([])
    } finally {
      await answering.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
