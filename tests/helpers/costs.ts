import type Database from 'better-sqlite3'
import { readMoney, sumMoneySql } from '../../src/main/services/costs/money'

/** Exact sums (nano-units) of amount columns of a costs table, with `n` = COUNT(*) (or another count expression). */
export function moneySums(db: Database.Database, table: string, names: string[], count = 'COUNT(*)'): Record<string, bigint> {
  const row = db
    .prepare(`SELECT ${names.map((n) => sumMoneySql(n)).join(', ')}, ${count} AS n FROM ${table}`)
    .safeIntegers(true)
    .get() as Record<string, bigint>
  return { ...Object.fromEntries(names.map((n) => [n, readMoney(row, n)])), n: row.n ?? 0n }
}
