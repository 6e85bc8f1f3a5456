/** Manual cost entries (one-off or monthly), spread evenly over their days into the rollup. */
import { invalid } from '../../../shared/errors'
import type { Clock } from '../../core/clock'
import { inTransaction, type Db } from '../../db/open'
import { addDays, addMonths, dayOf, daysBetween, daysInMonth, monthEnd, monthOf } from './dates'
import { formatNano, parseNano } from './money'
import type { CostsRepo, ManualRow } from './repo'
import { readSettings } from './settings'

export type ManualInput = {
  service: string
  description: string
  category: string
  amount: string
  currency?: string | undefined
  recurrence: 'once' | 'monthly'
  startDay: string
  endDay?: string | undefined
}

export interface ManualDeps {
  db: Db
  clock: Clock
  repo: CostsRepo
}

export class CostsManual {
  constructor(private readonly deps: ManualDeps) {}

  manualList() {
    return this.deps.repo.manual().map((m) => ({
      id: m.id,
      service: m.service,
      description: m.description,
      category: m.category,
      amount: formatNano(m.amount, 2),
      currency: m.currency,
      recurrence: m.recurrence,
      startDay: m.start_day,
      endDay: m.end_day
    }))
  }

  manualCreate(input: ManualInput): { id: number; rows: number } {
    const nano = parseNano(input.amount)
    if (nano === null) throw invalid('amount', 'must be a decimal amount')
    const ws = readSettings(this.deps.repo).currency
    const currency = input.currency ?? ws ?? 'USD'
    if (ws && currency !== ws) throw invalid('currency', `the workspace keeps costs in ${ws}; enter the amount in ${ws}`)
    if (input.endDay && input.endDay < input.startDay) throw invalid('endDay', 'must not be before startDay')
    if (input.recurrence === 'once' && input.endDay && daysBetween(input.startDay, input.endDay) > 3660)
      throw invalid('endDay', 'a one-off entry spans at most ten years')
    return inTransaction(this.deps.db, () => {
      if (!ws) this.deps.repo.setSetting('currency', currency)
      const id = this.deps.repo.insertManual({
        service: input.service,
        description: input.description,
        category: input.category,
        amount: nano,
        currency,
        recurrence: input.recurrence,
        start_day: input.startDay,
        end_day: input.endDay ?? null,
        tags: '{}',
        created_at: this.deps.clock.now()
      })
      const rows = this.materialize(this.deps.repo.manualById(id)!)
      return { id, rows }
    })
  }

  manualDelete(id: number): { deleted: boolean } {
    return inTransaction(this.deps.db, () => {
      const span = this.deps.repo.manualSpan(id)
      this.deps.repo.deleteManualRows(id)
      const deleted = this.deps.repo.deleteManual(id)
      if (span.lo && span.hi) this.deps.repo.rebuildRollup(span.lo, span.hi)
      return { deleted }
    })
  }

  /** Spread an entry evenly over its days (remainder nano-units to the first days, so sums are exact). */
  private materialize(m: ManualRow): number {
    const before = this.deps.repo.manualSpan(m.id)
    this.deps.repo.deleteManualRows(m.id)
    const days: { day: string; nano: bigint }[] = []
    const spread = (from: string, to: string, nano: bigint): void => {
      const n = BigInt(daysBetween(from, to) + 1)
      const each = nano / n
      let rest = nano - each * n
      for (let i = 0n; i < n; i++) {
        const extra = rest > 0n ? 1n : rest < 0n ? -1n : 0n
        rest -= extra
        days.push({ day: addDays(from, Number(i)), nano: each + extra })
      }
    }
    if (m.recurrence === 'once') spread(m.start_day, m.end_day ?? m.start_day, m.amount)
    else {
      const today = dayOf(this.deps.clock.now())
      const last = m.end_day ?? monthEnd(today > m.start_day ? today : m.start_day)
      for (let month = monthOf(m.start_day); month <= monthOf(last); month = addMonths(month, 1)) {
        const from = `${month}-01` < m.start_day ? m.start_day : `${month}-01`
        const end = monthEnd(`${month}-01`)
        const to = end > last ? last : end
        // a partial first or last month costs its share of the month
        const share = divRound(m.amount * BigInt(daysBetween(from, to) + 1), BigInt(daysInMonth(month)))
        spread(from, to, share)
      }
    }
    this.deps.repo.insertManualRows(m.id, m, days)
    const lo = [before.lo, days[0]?.day].filter(Boolean).sort()[0]
    const hi = [before.hi, days[days.length - 1]?.day].filter(Boolean).sort().pop()
    if (lo && hi) this.deps.repo.rebuildRollup(lo, hi)
    return days.length
  }

  /** Recurring entries without an end grow month by month. */
  refreshManual(): void {
    const month = monthOf(dayOf(this.deps.clock.now()))
    for (const m of this.deps.repo.manual()) {
      if (m.recurrence !== 'monthly' || m.end_day) continue
      const span = this.deps.repo.manualSpan(m.id)
      if (span.hi && monthOf(span.hi) >= month) continue
      inTransaction(this.deps.db, () => this.materialize(m))
    }
  }
}

/** a / b rounded half away from zero (BigInt division truncates). */
function divRound(a: bigint, b: bigint): bigint {
  const q = a / b
  const r = a - q * b
  return 2n * (r < 0n ? -r : r) >= b ? q + (a < 0n ? -1n : 1n) : q
}
