import type { Db } from '../../../db/open'

export interface TokenRow {
  id: number
  name: string
  scope: 'probe' | 'deploy'
  region: string | null
  token_hash: string
  hint: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** Scoped tokens (kept as SHA-256 hashes) and the probe agents that used them. */
export class TokenRepo {
  constructor(private db: Db) {}

  tokens(): TokenRow[] {
    return this.db.prepare('SELECT * FROM testing_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC').all() as TokenRow[]
  }

  byHash(hash: string): TokenRow | undefined {
    return this.db.prepare('SELECT * FROM testing_tokens WHERE token_hash = ?').get(hash) as TokenRow | undefined
  }

  insert(t: Omit<TokenRow, 'id' | 'last_used_at' | 'revoked_at'>): number {
    return Number(
      this.db
        .prepare('INSERT INTO testing_tokens (name, scope, region, token_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(t.name, t.scope, t.region, t.token_hash, t.hint, t.created_at).lastInsertRowid
    )
  }

  used(id: number, at: number): void {
    this.db.prepare('UPDATE testing_tokens SET last_used_at = ? WHERE id = ?').run(at, id)
  }

  revoke(id: number, at: number): boolean {
    return this.db.prepare('UPDATE testing_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0
  }

  probes(): { region: string; agent: string; first_seen_at: number; last_seen_at: number; results: number }[] {
    return this.db.prepare('SELECT * FROM testing_probes ORDER BY region').all() as never
  }

  probeSeen(region: string, agent: string, at: number, results: number): void {
    this.db
      .prepare(
        `INSERT INTO testing_probes (region, agent, first_seen_at, last_seen_at, results) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(region) DO UPDATE SET agent = excluded.agent, last_seen_at = excluded.last_seen_at, results = results + excluded.results`
      )
      .run(region, agent, at, at, results)
  }
}
