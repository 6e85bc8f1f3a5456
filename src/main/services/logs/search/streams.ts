/** The streams (label sets) in memory, reloaded when one is added or removed; selectors are matched here, not in SQL. */
import type { Matcher } from '../../../../shared/logs/logql/ast'
import { selectorTest, type Labels } from '../../../../shared/logs/logql/pipeline'
import type { Db } from '../../../db/open'

export interface StreamInfo {
  id: number
  sourceId: number
  labels: Labels
}

export class StreamCache {
  private byId = new Map<number, StreamInfo>()
  private version = ''

  constructor(private db: Db) {}

  /** Reloads when streams were added or removed since the last look (one cheap query). */
  refresh(): void {
    const v = this.db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m FROM logs_streams').get() as { n: number; m: number }
    const version = `${v.n}:${v.m}`
    if (version === this.version) return
    this.version = version
    this.byId.clear()
    for (const r of this.db.prepare('SELECT id, source_id, labels FROM logs_streams').all() as {
      id: number
      source_id: number
      labels: string
    }[])
      this.byId.set(r.id, { id: r.id, sourceId: r.source_id, labels: JSON.parse(r.labels) as Labels })
  }

  get(id: number): StreamInfo | undefined {
    return this.byId.get(id)
  }

  all(): StreamInfo[] {
    return [...this.byId.values()]
  }

  /** Streams whose labels satisfy the matchers (all streams when there are none). */
  select(matchers: Matcher[]): StreamInfo[] {
    if (matchers.length === 0) return this.all()
    const test = selectorTest(matchers)
    return this.all().filter((s) => test(s.labels))
  }

  /** Label names and their values (for the query bar's suggestions). */
  labels(): Record<string, string[]> {
    const out = new Map<string, Set<string>>()
    for (const s of this.byId.values())
      for (const [k, v] of Object.entries(s.labels)) {
        let set = out.get(k)
        if (!set) out.set(k, (set = new Set()))
        if (set.size < 200) set.add(v)
      }
    return Object.fromEntries([...out].map(([k, v]) => [k, [...v].sort()]))
  }
}
