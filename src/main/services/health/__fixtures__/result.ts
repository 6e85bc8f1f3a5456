import type { ResultRecord } from '../writer'

/** A result as the runner hands it to the writer: UP, 5 ms, HTTP 200, unless `patch` says otherwise. */
export const resultRecord = (checkId: number, ts: number, patch: Partial<ResultRecord> = {}): ResultRecord => ({
  checkId,
  ts,
  status: 0,
  latencyMs: 5,
  statusCode: 200,
  maintenance: false,
  errorKind: null,
  error: null,
  snippet: null,
  state: 'UP',
  since: 0,
  failures: 0,
  successes: 1,
  certExpiresAt: null,
  certDaysLeft: null,
  components: null,
  ...patch
})
