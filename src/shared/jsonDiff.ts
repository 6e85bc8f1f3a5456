/** Canonical JSON and a line diff of it: dashboard versions and the audit log's before/after use the same ones. */

export interface DiffLine {
  op: ' ' | '+' | '-'
  text: string
}

/** JSON with object keys sorted at every depth and two-space indents, ending in a newline: the same model, the same bytes. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])])
    )
  return value
}

/** A longest-common-subsequence line diff, removed lines before added ones (objects are small: a few thousand lines at most). */
export function lineDiff(a: string[], b: string[]): DiffLine[] {
  // trim the common head and tail so the table stays small
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const x = a.slice(head, a.length - tail)
  const y = b.slice(head, b.length - tail)
  const n = x.length
  const m = y.length
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const mid: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      mid.push({ op: ' ', text: x[i]! })
      i++
      j++
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) mid.push({ op: '-', text: x[i++]! })
    else mid.push({ op: '+', text: y[j++]! })
  }
  const same = (t: string): DiffLine => ({ op: ' ', text: t })
  return [...a.slice(0, head).map(same), ...mid, ...a.slice(a.length - tail).map(same)]
}

/** The line diff of two values' canonical JSON; null (absent) shows as no lines. */
export const jsonDiff = (before: unknown, after: unknown): DiffLine[] =>
  lineDiff(
    before == null ? [] : canonicalJson(before).trimEnd().split('\n'),
    after == null ? [] : canonicalJson(after).trimEnd().split('\n')
  )
