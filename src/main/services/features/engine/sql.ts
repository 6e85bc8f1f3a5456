/**
 * The point-in-time join as SQL (DuckDB dialect), and the cell rules of values.ts as SQL expressions.
 *
 * Per view, without the created-timestamp filter: an ASOF join on key and `entity_ts >= event_ts` finds the winning event
 * timestamp, the TTL keeps it or not, and a join back on (key, event_ts) picks the greatest (created_ts, file order).
 * With the filter: rows are eligible from max(event_ts, created_ts); a running maximum of event_ts in that order per key
 * is the greatest event_ts eligible so far, the ASOF join on `entity_ts >= available_from` finds it, and the join back
 * keeps only rows with created_ts <= entity_ts. See docs/features.md for the portable form (no ASOF) of the same join.
 */
import type { FeatureType, KeyType } from '../../../../shared/contract/features'

export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`

const NUMBER_RE = "'[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?'"
const INTEGER_RE = "'[+-]?\\d+'"
const ISO_RE = "'(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?'"

const isText = (t: string): boolean => t === 'VARCHAR'
const isTime = (t: string): boolean => /^(TIMESTAMP|DATE)/.test(t)
const isNumeric = (t: string): boolean =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(t)
const isInteger = (t: string): boolean => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)

const epochRule = (d: string): string => `CAST(CASE WHEN abs(${d}) > 1e11 THEN floor(${d}) ELSE floor(${d} * 1000) END AS BIGINT)`

/** A timestamp cell → ms since the epoch (BIGINT), or NULL. */
export function tsExpr(col: string, type: string): string {
  const c = q(col)
  if (isTime(type)) return type === 'DATE' ? `epoch_ms(CAST(${c} AS TIMESTAMP))` : `epoch_ms(${c})`
  if (isNumeric(type)) return `CASE WHEN isfinite(CAST(${c} AS DOUBLE)) THEN ${epochRule(`CAST(${c} AS DOUBLE)`)} END`
  if (!isText(type)) return 'CAST(NULL AS BIGINT)'
  const t = `trim(${c})`
  return `CASE WHEN regexp_full_match(${t}, ${NUMBER_RE}) THEN ${epochRule(`CAST(${t} AS DOUBLE)`)} WHEN regexp_full_match(${t}, ${ISO_RE}, 'i') THEN epoch_ms(TRY_CAST(${t} AS TIMESTAMPTZ)) END`
}

/** A join key cell → BIGINT (int64 keys) or VARCHAR (string keys), or NULL. */
export function keyExpr(col: string, keyType: KeyType, type: string): string {
  const c = q(col)
  if (keyType === 'string') return isText(type) ? `NULLIF(${c}, '')` : `CAST(${c} AS VARCHAR)`
  if (isInteger(type)) return `CAST(${c} AS BIGINT)`
  if (isNumeric(type)) return `CASE WHEN CAST(${c} AS DOUBLE) = trunc(CAST(${c} AS DOUBLE)) THEN TRY_CAST(${c} AS BIGINT) END`
  if (!isText(type)) return 'CAST(NULL AS BIGINT)'
  return `CASE WHEN regexp_full_match(trim(${c}), ${INTEGER_RE}) THEN TRY_CAST(trim(${c}) AS BIGINT) END`
}

/** A feature cell → DOUBLE / BIGINT / BOOLEAN / VARCHAR, or NULL. */
export function valueExpr(col: string, ft: FeatureType, type: string): string {
  const c = q(col)
  const t = `trim(${c})`
  switch (ft) {
    case 'float64':
      if (isNumeric(type)) return `CASE WHEN isfinite(CAST(${c} AS DOUBLE)) THEN CAST(${c} AS DOUBLE) END`
      if (!isText(type)) return 'CAST(NULL AS DOUBLE)'
      return `CASE WHEN regexp_full_match(${t}, ${NUMBER_RE}) AND isfinite(CAST(${t} AS DOUBLE)) THEN CAST(${t} AS DOUBLE) END`
    case 'int64':
      if (isInteger(type)) return `CAST(${c} AS BIGINT)`
      if (isNumeric(type))
        return `CASE WHEN isfinite(CAST(${c} AS DOUBLE)) AND CAST(${c} AS DOUBLE) = trunc(CAST(${c} AS DOUBLE)) THEN TRY_CAST(${c} AS BIGINT) END`
      if (!isText(type)) return 'CAST(NULL AS BIGINT)'
      return `CASE WHEN regexp_full_match(${t}, ${INTEGER_RE}) THEN TRY_CAST(${t} AS BIGINT) END`
    case 'bool':
      if (type === 'BOOLEAN') return c
      if (isNumeric(type)) return `CASE WHEN CAST(${c} AS DOUBLE) = 1 THEN true WHEN CAST(${c} AS DOUBLE) = 0 THEN false END`
      if (!isText(type)) return 'CAST(NULL AS BOOLEAN)'
      return `CASE lower(${t}) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'false' THEN false WHEN '0' THEN false END`
    case 'string':
      return isText(type) ? `NULLIF(${c}, '')` : `CAST(${c} AS VARCHAR)`
  }
}

export interface SqlView {
  /** Table alias stem, e.g. v0. */
  alias: string
  /** A relation reading the source with a `__ord` column in file order (see duckdb.ts: `orderedSource`). */
  source: string
  /** The source must be copied into a table first (CSV: its row numbers come from one ordered scan). */
  materialise: boolean
  types: Map<string, string>
  keys: { name: string; type: KeyType }[]
  timestampField: string
  createdTimestampField: string | null
  ttlMs: number
  features: { name: string; type: FeatureType; column: string }[]
}

/**
 * Statements that leave `<alias>_j` (entity row → `__b`, a struct of this view's feature values `v0…`) for one view.
 * Phase 1 finds the winning event timestamp per entity row with an ASOF join on integers only; phase 2 joins back the
 * rows with that (key, event_ts) and keeps the greatest (created_ts, file order), so no sort of the whole source by
 * struct values is needed.
 */
export function viewStatements(v: SqlView, entityTypes: Map<string, string>, filterByCreated: boolean): string[] {
  const a = v.alias
  const keys = v.keys.map((_, i) => `k${i}`)
  const keyList = keys.join(', ')
  const nn = keys.map((k) => `${k} IS NOT NULL`).join(' AND ')
  const on = (l: string, r: string): string => keys.map((k) => `${l}.${k} = ${r}.${k}`).join(' AND ')
  const created = v.createdTimestampField
    ? tsExpr(v.createdTimestampField, v.types.get(v.createdTimestampField) ?? 'VARCHAR')
    : 'CAST(NULL AS BIGINT)'
  const select = [
    ...v.keys.map((k, i) => `${keyExpr(k.name, k.type, v.types.get(k.name) ?? 'VARCHAR')} AS k${i}`),
    `${tsExpr(v.timestampField, v.types.get(v.timestampField) ?? 'VARCHAR')} AS __ts`,
    `${created} AS __cr`,
    ...v.features.map((f, i) => `${valueExpr(f.name, f.type, v.types.get(f.name) ?? 'VARCHAR')} AS f${i}`),
    '__ord'
  ].join(', ')
  const ttl = v.ttlMs > 0 ? ` WHERE __mts >= __ets - ${v.ttlMs}` : ''
  const values = v.features.map((_, i) => `v${i} := s.f${i}`).join(', ')
  const statements = [
    `CREATE TEMP TABLE ${a}_e AS SELECT __row, ${v.keys.map((k, i) => `${keyExpr(k.name, k.type, entityTypes.get(k.name) ?? 'VARCHAR')} AS k${i}`).join(', ')}, __ts FROM __entity`,
    `CREATE TEMP ${v.materialise ? 'TABLE' : 'VIEW'} ${a}_src AS SELECT ${select} FROM ${v.source}`
  ]
  if (!filterByCreated) {
    statements.push(
      `CREATE TEMP TABLE ${a}_m AS SELECT * FROM (SELECT e.__row, ${keys.map((k) => `e.${k}`).join(', ')}, e.__ts AS __ets, f.__ts AS __mts FROM ${a}_e e ASOF JOIN (SELECT ${keyList}, __ts FROM ${a}_src WHERE ${nn} AND __ts IS NOT NULL) f ON ${on('e', 'f')} AND e.__ts >= f.__ts)${ttl}`,
      `CREATE TEMP TABLE ${a}_j AS SELECT m.__row, max(struct_pack(c := coalesce(s.__cr, -9223372036854775807), o := s.__ord, ${values})) AS __b FROM ${a}_m m JOIN ${a}_src s ON ${on('s', 'm')} AND s.__ts = m.__mts GROUP BY m.__row`
    )
  } else {
    statements.push(
      `CREATE TEMP TABLE ${a}_f AS SELECT ${keyList}, __avail, max(__run) AS __bts FROM (SELECT ${keyList}, greatest(__ts, __cr) AS __avail, max(__ts) OVER (PARTITION BY ${keyList} ORDER BY greatest(__ts, __cr) ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS __run FROM ${a}_src WHERE ${nn} AND __ts IS NOT NULL AND __cr IS NOT NULL) GROUP BY ${keyList}, __avail`,
      `CREATE TEMP TABLE ${a}_m AS SELECT * FROM (SELECT e.__row, ${keys.map((k) => `e.${k}`).join(', ')}, e.__ts AS __ets, f.__bts AS __mts FROM ${a}_e e ASOF JOIN ${a}_f f ON ${on('e', 'f')} AND e.__ts >= f.__avail)${ttl}`,
      `CREATE TEMP TABLE ${a}_j AS SELECT m.__row, max(struct_pack(c := s.__cr, o := s.__ord, ${values})) AS __b FROM ${a}_m m JOIN ${a}_src s ON ${on('s', 'm')} AND s.__ts = m.__mts AND s.__cr <= m.__ets GROUP BY m.__row`,
      `DROP TABLE ${a}_f`
    )
  }
  statements.push(`DROP ${v.materialise ? 'TABLE' : 'VIEW'} ${a}_src`, `DROP TABLE ${a}_m`, `DROP TABLE ${a}_e`)
  return statements
}

/** The final select: entity columns as they are, then every view's features, in entity order. */
export function resultSelect(entityColumns: string[], views: SqlView[]): string {
  const cols = [
    ...entityColumns.map((c) => `__entity.${q(c)}`),
    ...views.flatMap((v) => v.features.map((f, i) => `${v.alias}_j.__b.v${i} AS ${q(f.column)}`))
  ]
  const joins = views.map((v) => `LEFT JOIN ${v.alias}_j USING (__row)`).join(' ')
  return `SELECT ${cols.join(', ')} FROM __entity ${joins} ORDER BY __entity.__row`
}
