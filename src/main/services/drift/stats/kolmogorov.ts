/**
 * Survival function of the exact one-sample two-sided Kolmogorov distribution, `scipy.stats.kstwo.sf(x, n)`
 * (Simard & L'Ecuyer 2011 algorithm selection), ported from SciPy 1.17.1 `scipy/stats/_ksstats.py`
 * (`_kolmogn`, `_kolmogn_DMTW`, `_kolmogn_Pomeranz`, `_kolmogn_PelzGood`) and the one-sided Smirnov
 * survival function `scipy.special.smirnov(n, x)` from xsf `cephes/kolmogorov.h` (`_smirnov`).
 *
 * Differences from SciPy, all far below 1e-9 relative: `_smirnov` uses double-double arithmetic in SciPy and
 * log-domain float64 here; matrix products / convolutions sum in a fixed order rather than BLAS order.
 */

const E128 = 128
const EP128 = 2 ** 128
const EM128 = 2 ** -128
const SQRT2PI = Math.sqrt(2 * Math.PI)
const LOG_2PI = Math.log(2 * Math.PI)
const MIN_LOG = -708
const SQRT3 = Math.sqrt(3)
const PI_SQUARED = Math.PI ** 2
const PI_FOUR = Math.PI ** 4
const PI_SIX = Math.PI ** 6
/** cephes MINLOG = log(2**-1022). */
const CEPHES_MINLOG = -7.08396418532264106224e2
const SMIRNOV_MAX_COMPUTE_N = 1000000
const SM_UPPER_MAX_TERMS = 3
const SM_UPPERSUM_MIN_N = 10
const DBL_EPS = 2.220446049250313e-16

const STIRLING_COEFFS = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4, -5.952380952380952381e-4,
  7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2
]

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p
}

/** x * 2**e without intermediate overflow/underflow of 2**e. */
export function ldexp(x: number, e: number): number {
  while (e > 1023) {
    x *= 2 ** 1023
    e -= 1023
  }
  while (e < -1022) {
    x *= 2 ** -1022
    e += 1022
  }
  return x * 2 ** e
}

function logNFactorialDivNPowN(n: number): number {
  const rn = 1.0 / n
  let poly = 0
  const y = rn / n
  for (const c of STIRLING_COEFFS) poly = poly * y + c
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly
}

/** Dense m×m matrix product (row-major). */
function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m)
  for (let i = 0; i < m; i++) {
    const io = i * m
    for (let k = 0; k < m; k++) {
      const aik = a[io + k]!
      if (aik === 0) continue
      const ko = k * m
      for (let j = 0; j < m; j++) out[io + j]! += aik * b[ko + j]!
    }
  }
  return out
}

/** Pr(D_n <= d) by the Durbin matrix algorithm (Marsaglia–Tsang–Wang). */
function kolmognDMTWCdf(n: number, d: number): number {
  if (d >= 1.0) return 1
  const nd = n * d
  if (nd <= 0.5) return 0
  const k = Math.ceil(nd)
  const h = k - nd
  const m = 2 * k - 1
  let H: Float64Array = new Float64Array(m * m)
  const v = new Float64Array(m)
  const w = new Float64Array(m)
  let fac = 1.0
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1.0 - h ** j
    w[j - 1] = fac
    fac /= j
    v[j - 1]! *= fac
  }
  const tt = Math.max(2 * h - 1.0, 0) ** m - 2 * h ** m
  v[m - 1] = (1.0 + tt) * fac
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)]!
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r]!
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!

  let Hpwr: Float64Array = new Float64Array(m * m)
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1
  let nn = n
  let expnt = 0
  let Hexpnt = 0
  const kk = (k - 1) * m + (k - 1)
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m)
      expnt += Hexpnt
    }
    H = matmul(H, H, m)
    Hexpnt *= 2
    if (Math.abs(H[kk]!) > EP128) {
      for (let i = 0; i < H.length; i++) H[i]! /= EP128
      Hexpnt += E128
    }
    nn = Math.floor(nn / 2)
  }
  let p = Hpwr[kk]!
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n
    if (Math.abs(p) < EM128) {
      p *= EP128
      expnt -= E128
    }
  }
  if (expnt !== 0) p = ldexp(p, expnt)
  return clip01(p)
}

function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number
  let j2: number
  if (i === 0) {
    j1 = -ll - ceilf - 1
    j2 = ll + ceilf - 1
  } else {
    const ip1div2 = Math.floor((i + 1) / 2)
    const ip1mod2 = (i + 1) % 2
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1
        j2 = n + ll + ceilf - 1
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1
        j2 = ip1div2 + ll - 1 + ceilf - 1
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1
      j2 = ip1div2 + ll + roundf - 1
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)]
}

/** Python slice bounds (negative indices wrap, then clamp). */
function pyBounds(len: number, start: number, stop: number): [number, number] {
  const norm = (i: number): number => (i < 0 ? Math.max(len + i, 0) : Math.min(i, len))
  const s = norm(start)
  const e = norm(stop)
  return [s, Math.max(s, e)]
}

/** Pr(D_n <= x) by the Pomeranz recursion. */
function kolmognPomeranzCdf(n: number, x: number): number {
  const t = n * x
  const ll = Math.floor(t)
  const f = 1.0 * (t - ll)
  const g = Math.min(f, 1.0 - f)
  const ceilf = f > 0 ? 1 : 0
  const roundf = f > 0.5 ? 1 : 0
  const npwrs = 2 * (ll + 1)
  const gpower = new Float64Array(npwrs)
  const twogpower = new Float64Array(npwrs)
  const onem2gpower = new Float64Array(npwrs)
  gpower[0] = 1.0
  twogpower[0] = 1.0
  onem2gpower[0] = 1.0
  let expnt = 0
  const gOverN = g / n
  const twoGOverN = (2 * g) / n
  const oneMinusTwoGOverN = (1 - 2 * g) / n
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1]! * gOverN) / m
    twogpower[m] = (twogpower[m - 1]! * twoGOverN) / m
    onem2gpower[m] = (onem2gpower[m - 1]! * oneMinusTwoGOverN) / m
  }
  let V0 = new Float64Array(npwrs)
  let V1 = new Float64Array(npwrs)
  V1[0] = 1
  let V0s = 0
  let V1s = 0
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf)
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1
    ;[V0, V1] = [V1, V0]
    ;[V0s, V1s] = [V1s, V0s]
    V1.fill(0.0)
    ;[j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf)
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower
    const ln2 = j2 - k1 + 1
    if (ln2 > 0) {
      const [as, ae] = pyBounds(npwrs, k1 - V0s, k1 - V0s + ln2)
      const [, pe] = pyBounds(npwrs, 0, ln2)
      const la = ae - as
      const lb = pe
      const convLen = la + lb - 1
      const convStart = j1 - k1
      const outLen = j2 - j1 + 1
      // full convolution of V0[as:ae] with pwrs[0:lb], only the slice [convStart, convStart+outLen) is needed
      const [cs, ce] = pyBounds(Math.max(convLen, 0), convStart, convStart + outLen)
      let maxV = -Infinity
      for (let c = cs; c < ce; c++) {
        let s = 0
        const lo = Math.max(0, c - lb + 1)
        const hi = Math.min(c, la - 1)
        for (let a = lo; a <= hi; a++) s += V0[as + a]! * pwrs[c - a]!
        V1[c - cs] = s
      }
      for (let q = 0; q < npwrs; q++) if (V1[q]! > maxV) maxV = V1[q]!
      if (maxV > 0 && maxV < EM128) {
        for (let q = 0; q < npwrs; q++) V1[q]! *= EP128
        expnt -= E128
      }
      V1s = V0s + j1 - k1
    }
  }
  const idx = n - V1s
  let ans = V1[idx < 0 ? npwrs + idx : idx]!
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128
      expnt += E128
    }
    ans *= m
  }
  if (expnt !== 0) ans = ldexp(ans, expnt)
  return clip01(ans)
}

/** Pelz–Good asymptotic approximation to Pr(D_n <= x) (unclipped, as in SciPy). */
function kolmognPelzGoodCdf(n: number, x: number): number {
  if (x <= 0.0) return 0
  if (x >= 1.0) return 1
  const z = Math.sqrt(n) * x
  const zsquared = z ** 2
  const zthree = z ** 3
  const zfour = z ** 4
  const zsix = z ** 6
  const qlog = -PI_SQUARED / 8 / zsquared
  if (qlog < MIN_LOG) return 0
  let q = Math.exp(qlog)
  const k1a = -zsquared
  const k1b = PI_SQUARED / 4
  const k2a = 6 * zsix + 2 * zfour
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4
  const k3a = -30 * zsix - 90 * z ** 8
  let K0 = 0
  let K1 = 0
  let K2 = 0
  let K3 = 0
  const maxk = Math.ceil((16 * z) / Math.PI)
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1
    const msquared = m ** 2
    const mfour = m ** 4
    const msix = m ** 6
    const qpower = q ** (8 * k)
    K0 = K0 * qpower + 1.0
    K1 = K1 * qpower + (k1a + k1b * msquared)
    K2 = K2 * qpower + (k2a + k2b * msquared + k2c * mfour)
    K3 = K3 * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix)
  }
  K0 = (K0 * q * SQRT2PI) / z
  K1 = (K1 * q * SQRT2PI) / (6 * zfour)
  K2 = (K2 * q * SQRT2PI) / (72 * z ** 7)
  K3 = (K3 * q * SQRT2PI) / (6480 * z ** 10)
  q = Math.exp(-PI_SQUARED / 2 / zsquared)
  const sqrt3z = SQRT3 * z
  let k2extra = 0
  let k3extra = 0
  for (let k = maxk; k > 0; k--) {
    const ksq = k * k
    const qp = q ** ksq
    k2extra += ksq * qp
    const kspi = Math.PI * k
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp
  }
  k2extra *= (PI_SQUARED * SQRT2PI) / (-36 * zthree)
  K2 += k2extra
  k3extra *= (PI_SQUARED * SQRT2PI) / (216 * zsix)
  K3 += k3extra
  const nf = n * 1.0
  K1 /= nf ** 0.5
  K2 /= nf ** 1.0
  K3 /= nf ** 1.5
  return K0 + K1 + K2 + K3
}

/** Error-free product a*b = hi + lo (Dekker/Veltkamp split). */
function twoProd(a: number, b: number): [number, number] {
  const p = a * b
  const SPLIT = 134217729 // 2^27 + 1
  let t = SPLIT * a
  const ahi = t - (t - a)
  const alo = a - ahi
  t = SPLIT * b
  const bhi = t - (t - b)
  const blo = b - bhi
  const err = ahi * bhi - p + ahi * blo + alo * bhi + alo * blo
  return [p, err]
}

/** floor(n*x) and the fractional remainder, computed exactly (xsf `modNX`). */
function modNX(n: number, x: number): { nxfl: number; alpha: number } {
  const [hi, lo] = twoProd(n, x)
  let fl = Math.floor(hi)
  let alpha: number
  if (fl === hi) {
    const flo = Math.floor(lo)
    fl = hi + flo
    alpha = lo - flo
  } else {
    alpha = hi - fl + lo
  }
  if (alpha === 1) {
    fl += 1
    alpha = 0
  }
  return { nxfl: fl, alpha }
}

/** One-sided Smirnov survival function Pr(D_n^+ >= x), `scipy.special.smirnov(n, x)`. */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0.0 && x <= 1.0) || !Number.isInteger(n)) return Number.NaN
  if (n === 1) return 1 - x
  if (x === 0.0) return 1.0
  if (x === 1.0) return 0.0
  const { nxfl, alpha } = modNX(n, x)
  const nx = n * x
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1)
  let n1mxceil = n - nxfl
  if (alpha === 0) {
    n1mxfl -= 1
    n1mxceil += 1
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = Math.exp((n - 1) * Math.log1p(x))
    return 1 - x * t
  }
  if (-2 * n * x * x < CEPHES_MINLOG) return 0
  if (nxfl >= n - 1) return Math.exp(n * Math.log1p(-x))
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6.0 * nx + 1) ** 2) / 18.0 / n
    if (logp < -Math.LN2) return Math.exp(logp)
    return 1 - -Math.expm1(logp)
  }
  const nUpperTerms = n - n1mxceil + 1
  const useUpper = (nUpperTerms <= 1 && x < 0.5) || (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n))

  const start = useUpper ? n : 0
  const step = useUpper ? -1 : 1
  const nTerms = useUpper ? n - n1mxceil + 1 : n1mxfl + 1
  const vmid = Math.floor(n / 2)
  // first term (v = start)
  let Aj = useUpper ? Math.exp((n - 1) * Math.log1p(x)) : Math.exp(n * Math.log1p(-x)) / x
  let sum = Aj
  let comp = 0 // Neumaier compensation: the terms of the upper sum alternate in sign
  // C(n, j) kept as Cman * 2**Cexp (like xsf's updateBinomial): a running log-sum would accumulate
  // rounding at ulp(log C) ~ 1e-11 per step over up to ~1e5 steps.
  let Cman = n // C(n, 1)
  let Cexp = 0
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step
    // A_v = C(n,v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1), with n*x = nxfl + alpha exactly
    const num2 = n - v - nxfl - alpha
    const b1 = (nxfl + v + alpha) / n
    if (num2 === 0) {
      Aj = n - v === 0 ? Math.exp(Math.log(Cman) + Cexp * Math.LN2 + (v - 1) * Math.log(b1)) : 0
    } else {
      const b2 = num2 / n
      // log(1 - x - v/n) via log1p keeps the (n - v)-fold amplified rounding error small
      const logB2 = b2 > 0 ? Math.log1p(-b1) : Math.log(-b2)
      const lg = Math.log(Cman) + Cexp * Math.LN2 + (n - v) * logB2 + (v - 1) * Math.log(b1)
      Aj = Math.exp(lg)
      if (b2 < 0 && (n - v) % 2 === 1) Aj = -Aj
    }
    if (Number.isFinite(Aj) && Aj !== 0.0) {
      const t = sum + Aj
      if (Math.abs(sum) >= Math.abs(Aj)) comp += sum - t + Aj
      else comp += Aj - t + sum
      sum = t
    }
    if (Aj !== 0.0) {
      if (4 * (nTerms - j) * Math.abs(Aj) < DBL_EPS * (sum + comp) && j !== nTerms - 1) break
    } else if (j > vmid) {
      break
    }
    Cman *= (n - j) / (j + 1)
    if (Cman > 2 ** 200) {
      Cman *= 2 ** -200
      Cexp += 200
    } else if (Cman < 2 ** -200 && Cman > 0) {
      Cman *= 2 ** 200
      Cexp -= 200
    }
  }
  const prob = x * (sum + comp)
  const sf = useUpper ? 1 - prob : prob
  return clip01(sf)
}

/**
 * `scipy.stats.kstwo.sf(x, n)`: Pr(D_n >= x) for the two-sided one-sample KS statistic with sample size n.
 * `n` must be a positive integer.
 */
export function kolmogornSf(n: number, x: number): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return Number.NaN
  if (!Number.isInteger(n) || n <= 0) return Number.NaN
  if (x >= 1.0) return 0
  if (x <= 0.0) return 1
  const t = n * x
  if (t <= 1.0) {
    if (t <= 0.5) return 1
    let prob: number
    if (n <= 140) {
      prob = 1
      const r = 1.0 / n
      const f = 2 * t - 1
      for (let i = 1; i <= n; i++) prob *= i * r * f
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1))
    }
    return clip01(1.0 - prob)
  }
  if (t >= n - 1) return clip01(2 * (1.0 - x) ** n)
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x))
  const nxsquared = t * x
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clip01(1.0 - kolmognDMTWCdf(n, x))
    if (nxsquared <= 4) return clip01(1.0 - kolmognPomeranzCdf(n, x))
    return clip01(2 * smirnovSf(n, x))
  }
  if (nxsquared >= 370.0) return 0
  if (nxsquared >= 2.2) return clip01(2 * smirnovSf(n, x))
  let cdf: number
  if (nxsquared >= 18.0) cdf = 1.0
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdf = kolmognDMTWCdf(n, x)
  else cdf = kolmognPelzGoodCdf(n, x)
  return clip01(1.0 - cdf)
}
