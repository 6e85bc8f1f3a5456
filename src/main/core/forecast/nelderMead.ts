/** Nelder–Mead minimisation (small, dependency-free), used to fit smoothing parameters. */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: { maxIter?: number; tol?: number; step?: number } = {}
): { x: number[]; fx: number } {
  const n = x0.length
  const maxIter = opts.maxIter ?? 400
  const tol = opts.tol ?? 1e-10
  let simplex = [x0, ...x0.map((_, i) => x0.map((v, j) => (j === i ? v + (opts.step ?? 1) : v)))]
  let values = simplex.map(f)
  for (let iter = 0; iter < maxIter; iter++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
    simplex = order.map(([, i]) => simplex[i]!)
    values = order.map(([v]) => v)
    if (Math.abs(values[n]! - values[0]!) <= tol * (Math.abs(values[0]!) + tol)) break
    const centroid = Array.from({ length: n }, (_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j]!, 0) / n)
    const worst = simplex[n]!
    const at = (t: number): number[] => centroid.map((c, j) => c + t * (c - worst[j]!))
    const xr = at(1)
    const fr = f(xr)
    if (fr < values[0]!) {
      const xe = at(2)
      const fe = f(xe)
      if (fe < fr) [simplex[n], values[n]] = [xe, fe]
      else [simplex[n], values[n]] = [xr, fr]
    } else if (fr < values[n - 1]!) {
      ;[simplex[n], values[n]] = [xr, fr]
    } else {
      const xc = fr < values[n]! ? at(0.5) : at(-0.5)
      const fc = f(xc)
      if (fc < Math.min(fr, values[n]!)) [simplex[n], values[n]] = [xc, fc]
      else {
        const best = simplex[0]!
        simplex = simplex.map((p, i) => (i === 0 ? p : p.map((v, j) => best[j]! + 0.5 * (v - best[j]!))))
        values = simplex.map((p, i) => (i === 0 ? values[0]! : f(p)))
      }
    }
  }
  const bestI = values.indexOf(Math.min(...values))
  return { x: simplex[bestI]!, fx: values[bestI]! }
}
