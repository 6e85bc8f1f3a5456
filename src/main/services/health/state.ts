import type { CheckState } from '../../../shared/contract'
import type { CheckStatus } from '../../../shared/health/types'

/** What the engine remembers per check between results. */
export interface CheckMemory {
  state: CheckState
  since: number
  failures: number
  successes: number
}

/**
 * Next state after one result. A DOWN outcome turns the check DOWN only after `retries` more failures;
 * until then it keeps its previous state. Maintenance overrides everything.
 */
export function nextState(mem: CheckMemory, status: CheckStatus, retries: number, inMaintenance: boolean, at: number): CheckMemory {
  let state: CheckState
  let failures = mem.failures
  let successes = mem.successes
  if (status === 'DOWN') {
    failures++
    successes = 0
    state = failures > retries ? 'DOWN' : mem.state === 'PAUSED' || mem.state === 'MAINTENANCE' ? 'PENDING' : mem.state
  } else {
    failures = 0
    successes++
    state = status
  }
  if (inMaintenance) state = 'MAINTENANCE'
  return { state, since: state === mem.state ? mem.since : at, failures, successes }
}

const RANK: Record<CheckState, number> = { DOWN: 5, DEGRADED: 4, PENDING: 3, UP: 2, MAINTENANCE: 1, PAUSED: 0 }

/** A service is as bad as its worst active check; paused only when all are paused. */
export function serviceState(checkStates: CheckState[], inMaintenance: boolean): CheckState {
  if (inMaintenance) return 'MAINTENANCE'
  if (checkStates.length === 0) return 'PENDING'
  const active = checkStates.filter((s) => s !== 'PAUSED')
  if (active.length === 0) return 'PAUSED'
  return active.reduce((worst, s) => (RANK[s] > RANK[worst] ? s : worst), active[0]!)
}

export const STATUS_CODE: Record<CheckStatus, 0 | 1 | 2> = { UP: 0, DEGRADED: 1, DOWN: 2 }
export const STATUS_NAME = ['UP', 'DEGRADED', 'DOWN'] as const
