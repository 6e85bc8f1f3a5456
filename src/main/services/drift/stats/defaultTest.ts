/** Evidently's default drift-test selection (`_get_default_stattest`) and the drift decision for its thresholds. */

export type DriftTestName = 'ks' | 'chi-square' | 'z' | 'wasserstein' | 'jensen-shannon'

export interface DefaultTestChoice {
  test: DriftTestName
  /** p-value tests: drift when p < threshold; distance tests: drift when distance >= threshold. */
  threshold: number
  kind: 'pvalue' | 'distance'
  /** One sentence for the UI. */
  explanation: string
}

export interface ColumnProfile {
  kind: 'numeric' | 'categorical' | 'boolean'
  /** Distinct non-missing values over reference ∪ current (Evidently uses the union). */
  nUnique: number
}

/** Reference size up to which p-value tests are used (Evidently: `reference_data.shape[0] <= 1000`). */
export const SMALL_REFERENCE_MAX_ROWS = 1000

/**
 * Evidently's defaults. Reference ≤ 1000 rows: numeric with > 5 unique → KS; numeric with 3–5 unique or
 * categorical with > 2 unique → chi-square; ≤ 2 unique (binary, boolean) → Z-test; all at p < 0.05.
 * Reference > 1000 rows: numeric with > 5 unique → normed Wasserstein ≥ 0.1; otherwise Jensen–Shannon ≥ 0.1.
 */
export function chooseDefaultTest(column: ColumnProfile, referenceRows: number): DefaultTestChoice {
  const { kind, nUnique } = column
  if (kind !== 'numeric' && kind !== 'categorical' && kind !== 'boolean') {
    throw new Error(`chooseDefaultTest: unknown column kind '${String(kind)}'`)
  }
  const numericMany = kind === 'numeric' && nUnique > 5
  if (referenceRows <= SMALL_REFERENCE_MAX_ROWS) {
    if (numericMany) {
      return {
        test: 'ks',
        threshold: 0.05,
        kind: 'pvalue',
        explanation:
          'Kolmogorov–Smirnov test on the two distributions; drift is flagged when its p-value is below 0.05 (small reference, numeric column with more than 5 distinct values).'
      }
    }
    if (nUnique > 2) {
      return {
        test: 'chi-square',
        threshold: 0.05,
        kind: 'pvalue',
        explanation:
          'Chi-square test on category frequencies; drift is flagged when its p-value is below 0.05 (small reference, categorical or low-cardinality column).'
      }
    }
    return {
      test: 'z',
      threshold: 0.05,
      kind: 'pvalue',
      explanation:
        'Two-proportion Z-test on the share of each of the two values; drift is flagged when its p-value is below 0.05 (small reference, binary column).'
    }
  }
  if (numericMany) {
    return {
      test: 'wasserstein',
      threshold: 0.1,
      kind: 'distance',
      explanation:
        'Wasserstein distance divided by the reference standard deviation; drift is flagged at 0.1 or more (large reference, numeric column).'
    }
  }
  return {
    test: 'jensen-shannon',
    threshold: 0.1,
    kind: 'distance',
    explanation:
      'Jensen–Shannon distance between the value distributions; drift is flagged at 0.1 or more (large reference, categorical or low-cardinality column).'
  }
}

/** Apply a threshold the way Evidently does: p-value < threshold, or distance >= threshold. */
export function isDrift(choice: Pick<DefaultTestChoice, 'kind' | 'threshold'>, score: number): boolean {
  if (Number.isNaN(score)) return false
  return choice.kind === 'pvalue' ? score < choice.threshold : score >= choice.threshold
}
