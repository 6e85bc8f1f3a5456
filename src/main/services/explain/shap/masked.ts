/**
 * The game model-agnostic SHAP plays: v(S) = mean over background rows r of f(x_S, r_S̄) (an independent masker, as
 * shap's maskers.Independent), evaluated for many coalitions at once so that a remote model sees few large batches.
 */

/** Anything that predicts: n rows of M values (row-major, NaN for missing) → n × K values. */
export interface BatchPredictor {
  predict(rows: Float64Array, n: number, signal?: AbortSignal): Promise<{ values: Float64Array; outputs: number }>
}

export interface MaskedGame {
  /** v(S) for each mask (1 = the feature comes from x), one row of K values per mask. */
  values(masks: Uint8Array[], signal?: AbortSignal): Promise<Float64Array[]>
  outputs(): number
  /** Model rows predicted so far (masks × background rows). */
  readonly evaluations: number
}

export function maskedGame(x: Float64Array, background: Float64Array[], predictor: BatchPredictor): MaskedGame {
  const M = x.length
  const B = background.length
  let K = 0
  let evaluations = 0
  return {
    get evaluations() {
      return evaluations
    },
    outputs: () => K,
    async values(masks, signal) {
      const n = masks.length * B
      const rows = new Float64Array(n * M)
      masks.forEach((mask, s) => {
        for (let b = 0; b < B; b++) {
          const r = background[b]!
          const o = (s * B + b) * M
          for (let j = 0; j < M; j++) rows[o + j] = mask[j] ? x[j]! : r[j]!
        }
      })
      const { values, outputs } = await predictor.predict(rows, n, signal)
      if (values.length !== n * outputs) throw new Error(`the model answered ${values.length} values for ${n} rows × ${outputs} outputs`)
      K = outputs
      evaluations += n
      return masks.map((_, s) => {
        const v = new Float64Array(K)
        for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) v[k] = v[k]! + values[(s * B + b) * K + k]! / B
        return v
      })
    }
  }
}

/** Features whose value in x differs from some background row: only these can have non-zero SHAP values. */
export function varyingFeatures(x: Float64Array, background: Float64Array[]): number[] {
  const out: number[] = []
  for (let j = 0; j < x.length; j++) {
    const xv = x[j]!
    if (background.some((r) => !(r[j] === xv || (r[j] !== r[j] && xv !== xv)))) out.push(j)
  }
  return out
}

export interface AgnosticResult {
  /** SHAP values, K × M (row-major by output). */
  phi: Float64Array
  /** Standard error of each value from the sampling (0 where the value is exact). */
  se: Float64Array
  /** E[f] = v(∅) per output, and f(x) = v(all). */
  expected: Float64Array
  fx: Float64Array
  /** Model rows predicted. */
  evaluations: number
  /** True when every coalition was enumerated (the values are exact Shapley values of the masked game). */
  exact: boolean
}

/** A per-row seed from the run's seed, so a row's estimate does not depend on how rows were batched. */
export const rowSeed = (seed: number, row: number): number =>
  (Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(row + 1, 0x165667b1)) >>> 0
