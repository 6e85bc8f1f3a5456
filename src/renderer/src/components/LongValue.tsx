import { longValueView } from '../lib/longValue'

/** A param or tag value: long JSON and long text collapse to a summary that opens to the whole value. */
export function LongValue({ value, max }: { value: string; max?: number }) {
  const view = longValueView(value, max)
  if (view.kind === 'short') return <>{view.text}</>
  return (
    <details className="long-value">
      <summary>{view.summary}</summary>
      <pre>{view.full}</pre>
    </details>
  )
}
