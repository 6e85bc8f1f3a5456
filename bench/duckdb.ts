/** DuckDB's read_csv on the same generated file, in the same run, as the yardstick for our imports. */
import fs from 'node:fs'
import path from 'node:path'

export interface DuckDbLoad {
  seconds: number
  /** CPU time of the whole process (DuckDB's threads run in it) during the load. */
  cpuSeconds: number
  rows: number
  version: string
  threads: number
}

/**
 * Loads `csv` into a table of a DuckDB database file in `dir` (CREATE TABLE AS SELECT * FROM read_csv), with the given
 * column types (e.g. DECIMAL(38,10) for exact money) and the rest detected; the time covers the whole statement.
 */
export async function duckdbLoad(csv: string, dir: string, types: Record<string, string> = {}): Promise<DuckDbLoad> {
  const { DuckDBInstance } = await import('@duckdb/node-api')
  const file = path.join(dir, 'duckdb-bench.duckdb')
  fs.rmSync(file, { force: true })
  const instance = await DuckDBInstance.create(file)
  const c = await instance.connect()
  try {
    const version = String((await c.runAndReadAll('SELECT version()')).getRows()[0]![0])
    const threads = Number((await c.runAndReadAll("SELECT current_setting('threads')")).getRows()[0]![0])
    const typeList = Object.entries(types)
      .map(([k, v]) => `'${k}': '${v}'`)
      .join(', ')
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    await c.run(`CREATE TABLE bench AS SELECT * FROM read_csv('${csv.replace(/'/g, "''")}'${typeList ? `, types = {${typeList}}` : ''})`)
    await c.run('CHECKPOINT')
    const seconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuSeconds = (cpu.user + cpu.system) / 1e6
    const rows = Number((await c.runAndReadAll('SELECT count(*) FROM bench')).getRows()[0]![0])
    return { seconds, cpuSeconds, rows, version, threads }
  } finally {
    c.closeSync()
    instance.closeSync()
    fs.rmSync(file, { force: true })
    fs.rmSync(`${file}.wal`, { force: true })
  }
}
