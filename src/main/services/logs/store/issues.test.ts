/**
 * Error issues through the writer on a real workspace file: occurrences of one error grouped with their count per
 * hour, first and last seen and the release each appeared in; states new → resolved → regressed (with one signal
 * each), ignored issues stay quiet; info lines never open an issue.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'

let h: LogsHarness
afterEach(() => h?.close())

const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`
const HOUR = 3_600_000
const T0 = Date.UTC(2026, 0, 5, 9, 0)

const timeout = (order: number): string =>
  `ERROR payment failed for order ${order}\njava.net.SocketTimeoutException: Read timed out after ${order % 7} ms\n\tat com.shop.Gateway.charge(Gateway.java:88)`

async function push(src: ReturnType<LogsHarness['addSource']>, release: string, lines: [number, string][]): Promise<void> {
  const body = { streams: [{ stream: { service: 'api', level: 'error', release }, values: lines.map(([t, l]) => [ns(t), l]) }] }
  await h.ingest.push('loki', src, new TextEncoder().encode(JSON.stringify(body)), undefined)
}

interface IssueRow {
  id: number
  state: string
  count: number
  first_seen: number
  last_seen: number
  first_release: string | null
  last_release: string | null
  regressed_release: string | null
}
const issues = (): IssueRow[] => h.db.prepare('SELECT * FROM logs_issues ORDER BY id').all() as IssueRow[]
const hours = (id: number): { hour: number; count: number }[] =>
  h.db.prepare('SELECT hour, count FROM logs_issue_hours WHERE issue_id = ? ORDER BY hour').all(id) as never
const signals = (): string[] => h.commits.flatMap((c) => c.issues.map((s) => `${s.kind} ${s.release}`))

describe('error issues', () => {
  it('groups occurrences with counts per hour, first and last seen and the release of each', async () => {
    h = logsHarness(T0 + 3 * HOUR)
    const src = h.addSource({ name: 'push', kind: 'push' })
    // 3 in the first hour, 2 in the third, all one fingerprint (numbers differ); one info line that is no issue
    await push(src, 'v1', [
      [T0 + 60_000, timeout(101)],
      [T0 + 120_000, timeout(202)],
      [T0 + 1_800_000, timeout(303)]
    ])
    await push(src, 'v2', [
      [T0 + 2 * HOUR + 5_000, timeout(404)],
      [T0 + 2 * HOUR + 9_000, timeout(505)]
    ])
    const body = { streams: [{ stream: { service: 'api' }, values: [[ns(T0 + 10_000), 'level=info msg="all good"']] }] }
    await h.ingest.push('loki', src, new TextEncoder().encode(JSON.stringify(body)), undefined)

    const [issue, ...rest] = issues()
    expect(rest).toHaveLength(0)
    expect(issue).toMatchObject({
      state: 'new',
      count: 5,
      first_seen: T0 + 60_000,
      last_seen: T0 + 2 * HOUR + 9_000,
      first_release: 'v1',
      last_release: 'v2'
    })
    const h0 = Math.floor(T0 / HOUR)
    expect(hours(issue!.id)).toEqual([
      { hour: h0, count: 3 },
      { hour: h0 + 2, count: 2 }
    ])
    expect(signals()).toEqual(['new v1'])
  })

  it('a resolved issue that happens again regresses once; an ignored one stays ignored', async () => {
    h = logsHarness(T0 + HOUR)
    const src = h.addSource({ name: 'push', kind: 'push' })
    await push(src, 'v1', [[T0, timeout(1)]])
    const id = issues()[0]!.id
    expect(h.ingest.setIssueState(id, 'resolved')).toBe(true)
    expect(issues()[0]!.state).toBe('resolved')
    await push(src, 'v3', [[T0 + 60_000, timeout(2)]])
    await push(src, 'v3', [[T0 + 120_000, timeout(3)]])
    expect(issues()[0]).toMatchObject({ state: 'regressed', regressed_release: 'v3', count: 3 })
    expect(signals()).toEqual(['new v1', 'regressed v3'])

    expect(h.ingest.setIssueState(id, 'ignored')).toBe(true)
    await push(src, 'v4', [[T0 + 180_000, timeout(4)]])
    expect(issues()[0]).toMatchObject({ state: 'ignored', count: 4, last_release: 'v4' })
    expect(signals()).toEqual(['new v1', 'regressed v3'])
    expect(h.ingest.setIssueState(id + 99, 'resolved')).toBe(false)
  })
})
