import gammainc from '@stdlib/math-base-special-gammainc'

/** Chi-square survival function with `dof` degrees of freedom: Q(dof/2, x/2). */
export function chi2Sf(x: number, dof: number): number {
  if (Number.isNaN(x)) return NaN
  if (x <= 0) return 1
  return gammainc(x / 2, dof / 2, true, true)
}

/** P(X <= k) for X ~ Binomial(n, 1/2), summed exactly in doubles (n is small here). */
export function binomCdfHalf(k: number, n: number): number {
  let c = 1
  let sum = 0
  for (let i = 0; i <= k; i++) {
    sum += c
    c = (c * (n - i)) / (i + 1)
  }
  return sum / 2 ** n
}

export interface McNemar {
  b: number
  c: number
  method: 'exact binomial' | 'chi-square with continuity correction'
  statistic: number
  pValue: number
}

/**
 * McNemar's test on paired correctness, as statsmodels.stats.contingency_tables.mcnemar does it:
 * b = A right and B wrong, c = A wrong and B right. With fewer than 25 discordant pairs the exact
 * binomial test (statistic = min(b, c), p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½));
 * otherwise chi-square with continuity correction (|b − c| − 1)² / (b + c), 1 degree of freedom.
 */
export function mcnemar(aRight: Uint8Array, bRight: Uint8Array): McNemar {
  let b = 0
  let c = 0
  for (let i = 0; i < aRight.length; i++) {
    if (aRight[i] && !bRight[i]) b++
    else if (!aRight[i] && bRight[i]) c++
  }
  const n = b + c
  if (n < 25) {
    const k = Math.min(b, c)
    return { b, c, method: 'exact binomial', statistic: k, pValue: n === 0 ? 1 : Math.min(1, 2 * binomCdfHalf(k, n)) }
  }
  const stat = (Math.abs(b - c) - 1) ** 2 / n
  return { b, c, method: 'chi-square with continuity correction', statistic: stat, pValue: chi2Sf(stat, 1) }
}
