import type { Migration } from '../db/migrations'

/** The team store's own migrations (team/migrations/NNNN_name.sql), separate from a workspace's. */
const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

export const TEAM_MIGRATIONS: Migration[] = Object.entries(files)
  .map(([file, sql]) => {
    const match = /(\d{4})_([a-z0-9_]+)\.sql$/.exec(file)
    if (!match) throw new Error(`team migration file ${file} must be named NNNN_name.sql`)
    return { id: Number(match[1]), name: match[2]!, sql }
  })
  .sort((a, b) => a.id - b.id)
