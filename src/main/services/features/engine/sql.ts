/**
 * The point-in-time join as SQL (DuckDB dialect), and the cell rules of values.ts as SQL expressions.
 *
 * Per view, without the created-timestamp filter: the feature rows deduplicated per (key, event_ts) keeping the greatest
 * (created_ts, file order), then an ASOF LEFT JOIN on key and `entity_ts >= event_ts`, then the TTL on the match.
 * With the filter: rows are eligible from max(event_ts, created_ts); a running maximum of (event_ts, created_ts, order)
 * over that order per key (RANGE frame, so equal times are peers) is the best row eligible so far, and the ASOF join on
 * `entity_ts >= available_from` picks it. See the README for the portable form (no ASOF) for a distributed engine.
 */
import type { FeatureType, KeyType } from '../../../../shared/contract/features'

export const q = (name: string): string => `"${name.replace(/"/g, '""')}"`
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`

const NUMBER_RE = "'[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?'"
const INTEGER_RE = "'[+-]?\\d+'"
const ISO_RE = "'(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?'"

const isText = (t: string): boolean => t === 'VARCHAR'
const isTime = (t: string): boolean => /^(TIMESTAMP|DATE)/.test(t)
const isNumeric = (t: string): boolean => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(t)
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
      if (isNumeric(type)) return `CASE WHEN isfinite(CAST(${c} AS DOUBLE)) AND CAST(${c} AS DOUBLE) = trunc(CAST(${c} AS DOUBLE)) THEN TRY_CAST(${c} AS BIGINT) END`
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
  /** A relation reading the source, e.g. read_parquet([...]). */
  source: string
  types: Map<string, string>
  keys: { name: string; type: KeyType }[]
  timestampField: string
  createdTimestampField: string | null
  ttlMs: number
  features: { name: string; type: FeatureType; column: string }[]
}

/** Statements that leave `<alias>_j` (entity row → this view's feature columns) for one view. */
export function viewStatements(v: SqlView, entityTypes: Map<string, string>, filterByCreated: boolean): string[] {
  const a = v.alias
  const keyCols = v.keys.map((_, i) => `k${i}`)
  const keySel = (types: Map<string, string>): string => v.keys.map((k, i) => `${keyExpr(k.name, k.type, types.get(k.name) ?? 'VARCHAR')} AS k${i}`).join(', ')
  const feats = v.features.map((f, i) => `${valueExpr(f.name, f.type, v.types.get(f.name) ?? 'VARCHAR')} AS f${i}`).join(', ')
  const created = v.createdTimestampField ? tsExpr(v.createdTimestampField, v.types.get(v.createdTimestampField) ?? 'VARCHAR') : 'CAST(NULL AS BIGINT)'
  const notNullKeys = keyCols.map((k) => `${k} IS NOT NULL`).join(' AND ')
  const on = keyCols.map((k) => `e.${k} = f.${k}`).join(' AND ')
  const ttl = v.ttlMs > 0 ? ` AND f.__ts >= e.__ts - ${v.ttlMs}` : ''
  const statements = [
    `CREATE TEMP TABLE ${a}_e AS SELECT __row, ${v.keys.map((k, i) => `${keyExpr(k.name, k.type, entityTypes.get(k.name) ?? 'VARCHAR')} AS k${i}`).join(', ')}, __ts FROM __entity`,
    `CREATE TEMP TABLE ${a}_src AS SELECT ${keySel(v.types)}, ${tsExpr(v.timestampField, v.types.get(v.timestampField) ?? 'VARCHAR')} AS __ts, ${created} AS __cr, ${feats}, row_number() OVER () AS __ord FROM ${v.source}`
  ]
  const pick = (expr: (i: number) => string): string => v.features.map((_, i) => `${expr(i)} AS f${i}`).join(', ')
  if (!filterByCreated) {
    statements.push(
      `CREATE TEMP TABLE ${a}_f AS SELECT * FROM ${a}_src WHERE ${notNullKeys} AND __ts IS NOT NULL QUALIFY row_number() OVER (PARTITION BY ${keyCols.join(', ')}, __ts ORDER BY __cr DESC NULLS LAST, __ord DESC) = 1`,
      `CREATE TEMP TABLE ${a}_j AS SELECT e.__row, ${pick((i) => `CASE WHEN f.__ts IS NOT NULL${ttl} THEN f.f${i} END`)} FROM ${a}_e e ASOF LEFT JOIN ${a}_f f ON ${on} AND e.__ts >= f.__ts`
    )
  } else {
    const fields = ['t := __ts', 'c := __cr', 'o := __ord', ...v.features.map((_, i) => `v${i} := f${i}`)].join(', ')
    statements.push(
      `CREATE TEMP TABLE ${a}_f AS SELECT ${keyCols.join(', ')}, __avail, __best FROM (SELECT ${keyCols.join(', ')}, greatest(__ts, __cr) AS __avail, max(struct_pack(${fields})) OVER (PARTITION BY ${keyCols.join(', ')} ORDER BY greatest(__ts, __cr) RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS __best FROM ${a}_src WHERE ${notNullKeys} AND __ts IS NOT NULL AND __cr IS NOT NULL) QUALIFY row_number() OVER (PARTITION BY ${keyCols.join(', ')}, __avail) = 1`,
      `CREATE TEMP TABLE ${a}_j AS SELECT e.__row, ${pick((i) => `CASE WHEN f.__best.t IS NOT NULL${v.ttlMs > 0 ? ` AND f.__best.t >= e.__ts - ${v.ttlMs}` : ''} THEN f.__best.v${i} END`)} FROM ${a}_e e ASOF LEFT JOIN ${a}_f f ON ${on} AND e.__ts >= f.__avail`
    )
  }
  statements.push(`DROP TABLE ${a}_src`, `DROP TABLE ${a}_f`, `DROP TABLE ${a}_e`)
  return statements
}

/** The final select: entity columns as they are, then every view's features, in entity order. */
export function resultSelect(entityColumns: string[], views: SqlView[]): string {
  const cols = [
    ...entityColumns.map((c) => `__entity.${q(c)}`),
    ...views.flatMap((v) => v.features.map((f, i) => `${v.alias}_j.f${i} AS ${q(f.column)}`))
  ]
  const joins = views.map((v) => `LEFT JOIN ${v.alias}_j USING (__row)`).join(' ')
  return `SELECT ${cols.join(', ')} FROM __entity ${joins} ORDER BY __entity.__row`
}
