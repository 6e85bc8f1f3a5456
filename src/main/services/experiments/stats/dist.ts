/** The distributions the engines need (normal, Student's t, chi-square), from @stdlib, with SciPy's names. */
import gammainc from '@stdlib/math-base-special-gammainc'
import normalCdf from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import tCdf from '@stdlib/stats-base-dists-t-cdf'
import tQuantile from '@stdlib/stats-base-dists-t-quantile'

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)

/** Standard normal density. */
export const phi = (z: number): number => INV_SQRT_2PI * Math.exp(-0.5 * z * z)
/** Standard normal cdf, `scipy.stats.norm.cdf(z)`. */
export const Phi = (z: number): number => normalCdf(z, 0, 1)
/** Standard normal quantile, `scipy.stats.norm.ppf(p)`. */
export const PhiInv = (p: number): number => normalQuantile(p, 0, 1)
/** Student's t cdf, `scipy.stats.t.cdf(x, dof)`. */
export const studentCdf = (x: number, dof: number): number => tCdf(x, dof)
/** Student's t quantile, `scipy.stats.t.ppf(p, dof)`. */
export const studentQuantile = (p: number, dof: number): number => tQuantile(p, dof)

/** Chi-square survival function, `scipy.stats.chi2.sf(x, dof)` (upper regularized incomplete gamma, no 1 - cdf loss). */
export function chiSquareSf(x: number, dof: number): number {
  if (Number.isNaN(x) || !(dof > 0)) return Number.NaN
  if (x <= 0) return 1
  if (x === Infinity) return 0
  return gammainc(x / 2, dof / 2, true, true)
}
