import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** An area reads and writes only its own tables: each table belongs to the area of the migration that created it. */
const root = path.resolve(__dirname, '../..')
const SERVICES = path.join(root, 'src/main/services')
const MIGRATIONS = path.join(root, 'src/main/db/migrations')
/** Tables every area may touch through core code: the settings rows (core/settings.ts) and SQLite's own. */
const SHARED = new Set(['settings', 'sqlite_master', 'sqlite_schema', 'schema_migrations', 'pragma_table_info'])

const areas = (): string[] =>
  fs
    .readdirSync(SERVICES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('__'))
    .map((e) => e.name)

/** table → owning area, from `NNNN_<area>[_what].sql` (a singular first word such as `cost_` means `costs`). */
export function tableOwners(known = areas()): Map<string, string> {
  const owners = new Map<string, string>()
  for (const file of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'))) {
    const word = /^\d{4}_([a-z]+)/.exec(file)![1]!
    const area = known.includes(word) ? word : known.includes(`${word}s`) ? `${word}s` : null
    if (!area) throw new Error(`migration ${file} does not name an area (src/main/services/<area>) as its first word`)
    const sql = fs.readFileSync(path.join(MIGRATIONS, file), 'utf8')
    for (const m of sql.matchAll(/CREATE\s+(?:TABLE|VIEW|VIRTUAL\s+TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi))
      owners.set(m[1]!.toLowerCase(), area)
  }
  return owners
}

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === '__fixtures__' ? [] : sourceFiles(full)
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [full] : []
  })

export function crossAreaSql(owners = tableOwners()): string[] {
  const out: string[] = []
  for (const area of areas()) {
    for (const file of sourceFiles(path.join(SERVICES, area))) {
      const text = fs.readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)\b/g)) {
        const table = m[1]!
        const owner = owners.get(table)
        if (!owner || SHARED.has(table) || owner === area) continue
        out.push(`${path.relative(root, file)}: ${area} uses ${table} (a table of ${owner})`)
      }
    }
  }
  return out
}

describe('table ownership', () => {
  it('every area touches only its own tables', () => {
    expect(crossAreaSql()).toEqual([])
  })

  it('would catch an area reading another area’s table', () => {
    const probe = path.join(SERVICES, 'costs', '__probe_tables.ts')
    fs.writeFileSync(probe, "export const q = 'SELECT name FROM services WHERE id = ?'\n")
    try {
      expect(crossAreaSql()).toContain('src/main/services/costs/__probe_tables.ts: costs uses services (a table of health)')
    } finally {
      fs.rmSync(probe)
    }
  })

  it('knows the owner of the tables the areas were built with', () => {
    const owners = tableOwners()
    expect(owners.get('checks')).toBe('health')
    expect(owners.get('alert_rules')).toBe('alerts')
    expect(owners.get('cost_rows_live')).toBe('costs')
    expect(owners.get('jobs')).toBe('jobs')
    expect(owners.size).toBeGreaterThan(40)
  })
})
