/** Entities typed into the lookup form: one per line, join key values separated by commas (or a JSON array of objects). */
export function parseEntities(text: string, keys: string[]): { entities: Record<string, string>[]; rows: string[][] } | { error: string } {
  const t = text.trim()
  if (t.startsWith('[')) {
    try {
      const arr = JSON.parse(t) as Record<string, string | number>[]
      if (!Array.isArray(arr)) return { error: 'expected a JSON array of objects' }
      const entities = arr.map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)])))
      return { entities, rows: entities.map((e) => keys.map((k) => e[k] ?? '')) }
    } catch (err) {
      return { error: `not valid JSON: ${(err as Error).message}` }
    }
  }
  const rows = t
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(',').map((s) => s.trim()))
  const bad = rows.findIndex((r) => r.length !== keys.length)
  if (bad >= 0) return { error: `line ${bad + 1}: give ${keys.length} value${keys.length > 1 ? 's' : ''} (${keys.join(', ')})` }
  return { entities: rows.map((r) => Object.fromEntries(keys.map((k, j) => [k, r[j]!]))), rows }
}
