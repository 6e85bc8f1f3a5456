/** Sort labels as numpy/sklearn do: numerically if every label is a number, else as strings. */
export function sortLabels(labels: Iterable<string>): string[] {
  const u = [...new Set(labels)]
  const numeric = u.every((l) => l.trim() !== '' && Number.isFinite(Number(l)))
  return numeric ? u.sort((a, b) => Number(a) - Number(b)) : u.sort()
}

/** Canonical form of a label so that "1", "1.0" and "1.00" are the same class. */
export const canon = (s: string): string => {
  const t = s.trim()
  return t !== '' && Number.isFinite(Number(t)) ? String(Number(t)) : t
}
