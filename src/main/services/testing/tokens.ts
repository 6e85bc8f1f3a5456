/**
 * Scoped tokens: a probe token may only fetch checks and push results for its region, a deploy token may only post
 * deploy markers. Shown once when created, kept as a SHA-256 hash, revocable; serve mode asks `authenticate`.
 */
import crypto from 'node:crypto'
import type { z } from 'zod'
import type { TokenInput } from '../../../shared/contract/testing'
import type { HookCaller } from '../../core/hooks'
import type { TestingContext } from './context'
import type { TokenRepo, TokenRow } from './repos/tokens'

const PREFIX = 'cct_'
const hash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex')

export class Tokens {
  constructor(
    private ctx: TestingContext,
    private repo: TokenRepo
  ) {}

  list() {
    return this.repo.tokens().map((t) => ({
      id: t.id,
      name: t.name,
      scope: t.scope,
      region: t.region,
      hint: t.hint,
      createdAt: t.created_at,
      lastUsedAt: t.last_used_at,
      revokedAt: t.revoked_at
    }))
  }

  create(input: z.output<typeof TokenInput>): { id: number; token: string } {
    const token = `${PREFIX}${input.scope}_${crypto.randomBytes(32).toString('base64url')}`
    const id = this.repo.insert({
      name: input.name,
      scope: input.scope,
      region: input.scope === 'probe' ? input.region : null,
      token_hash: hash(token),
      hint: token.slice(-4),
      created_at: this.ctx.clock.now()
    })
    this.ctx.changed('token', id)
    return { id, token }
  }

  revoke(id: number): { revoked: boolean } {
    const revoked = this.repo.revoke(id, this.ctx.clock.now())
    if (revoked) this.ctx.changed('token', id)
    return { revoked }
  }

  /** The caller a live token stands for; null for anything else (so other tokens cost no query). */
  authenticate(token: string): HookCaller | null {
    if (!token.startsWith(PREFIX) || token.length > 200) return null
    const row: TokenRow | undefined = this.repo.byHash(hash(token))
    if (!row || row.revoked_at !== null) return null
    const now = this.ctx.clock.now()
    if (row.last_used_at === null || now - row.last_used_at > 60_000) this.repo.used(row.id, now)
    return { scope: row.scope, region: row.region, tokenId: row.id, label: `${row.scope} token "${row.name}"` }
  }
}
