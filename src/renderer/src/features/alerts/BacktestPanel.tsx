import { useMemo, useState } from 'react'
import type { RuleInput } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { SegmentedControl } from '../../components/SegmentedControl'
import { ErrorNotice, Loading } from '../../components/States'
import { useStatusColors } from '../../components/statusColors'
import { useChannel } from '../../lib/queries'
import { formatBucket } from '../../lib/format'
import { buildBacktestOption } from './backtestChart'
import { FiringsList } from './FiringsList'
import { useDebounced } from './useDebounced'

const DAYS = [
  { id: '1', label: '1 day' },
  { id: '7', label: '7 days' },
  { id: '14', label: '14 days' }
] as const

/** Replays stored history through the rule as it stands in the form: how often would it have fired? */
export function BacktestPanel({ rule, ready }: { rule: RuleInput; ready: boolean }) {
  const [days, setDays] = useState<'1' | '7' | '14'>('7')
  const input = useDebounced(
    useMemo(() => ({ rule, days: Number(days) }), [rule, days]),
    600
  )
  const result = useChannel('alerts:backtest', input, { placeholderData: (prev) => prev, retry: false, enabled: ready })
  const colors = useStatusColors()
  const services = useChannel('health:overview')
  const names = useMemo(() => new Map((services.data ?? []).map((s) => [`service:${s.id}`, s.name])), [services.data])
  const option = useMemo(() => (result.data?.supported ? buildBacktestOption(result.data, colors) : null), [result.data, colors])
  const r = result.data
  return (
    <section className="card backtest-panel" aria-busy={result.isFetching}>
      <div className="card-head">
        <h2>Backtest</h2>
        <SegmentedControl options={DAYS} value={days} onChange={setDays} label="Backtest period" />
      </div>
      {!ready && <p className="muted">Fill in the condition on the left to see how often this rule would have fired.</p>}
      {ready && result.isPending && <Loading what="the backtest" />}
      {ready && result.error && <ErrorNotice error={result.error} title="The backtest could not run with these values" />}
      {ready && r && !r.supported && (
        <p className="notice">Backtest not available for this rule: {r.reason ?? 'no stored history for this signal'}.</p>
      )}
      {ready && r && r.supported && option && (
        <>
          <p className="backtest-verdict">
            Would have fired <strong>{r.fired}</strong> {r.fired === 1 ? 'time' : 'times'} in the last{' '}
            {input.days === 1 ? 'day' : `${input.days} days`}
            <span className="muted small">
              {' '}
              · {r.samples.toLocaleString()} samples · one bar per {formatBucket(r.bucketMs)}
            </span>
          </p>
          {r.reason && <p className="muted small">Note: {r.reason}.</p>}
          {r.samples === 0 && (
            <p className="muted">No check results are stored for this target in the period, so there is nothing to replay yet.</p>
          )}
          {r.samples > 0 && (
            <Chart option={option} height={240} label="Backtest: evaluations where the condition held and alerts firing, per time bucket" />
          )}
          <FiringsList firings={r.firings} nameOf={(t) => names.get(t) ?? t} />
        </>
      )}
    </section>
  )
}
