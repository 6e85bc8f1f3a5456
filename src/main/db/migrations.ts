/** Every known migration, numbered NNNN_name.sql, in order. */
const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

export interface Migration {
  id: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = Object.entries(files)
  .map(([file, sql]) => {
    const match = /(\d{4})_([a-z0-9_]+)\.sql$/.exec(file)
    if (!match) throw new Error(`migration file ${file} must be named NNNN_name.sql`)
    return { id: Number(match[1]), name: match[2]!, sql }
  })
  .sort((a, b) => a.id - b.id)
