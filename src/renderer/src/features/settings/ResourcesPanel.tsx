import { useEffect, useMemo, useState } from 'react'
import type { ResourceLimits } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { formatBytes, formatMs } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { buildDiskOption, buildMemoryOption } from './resourcesChart'

const LIMITS: { key: keyof ResourceLimits; label: string }[] = [
  { key: 'rssMb', label: 'Memory (RSS) above' },
  { key: 'workspaceMb', label: 'Workspace file above' },
  { key: 'walMb', label: 'WAL above' },
  { key: 'freeDiskMb', label: 'Free disk below' }
]

/** The console's own memory, workspace and WAL size over the last day, and the limits its health check warns at. */
export function ResourcesPanel() {
  const res = useChannel('system:resources', { hours: 24 }, { refetchInterval: 60_000 })
  const save = useCommand('system:setResourceLimits', ['system:resources', 'system:health'])
  const [draft, setDraft] = useState<Record<string, string>>({})
  const limits = res.data?.limits
  useEffect(() => {
    if (limits) setDraft(Object.fromEntries(LIMITS.map((f) => [f.key, String(limits[f.key])])))
  }, [limits])
  const memory = useMemo(() => (res.data ? buildMemoryOption(res.data.samples, res.data.limits) : null), [res.data])
  const disk = useMemo(() => (res.data ? buildDiskOption(res.data.samples, res.data.limits) : null), [res.data])
  const now = res.data?.now

  return (
    <section className="card" data-testid="console-resources">
      <h2>Console resources</h2>
      <p className="muted">
        The console samples its own memory and disk once a minute and keeps two days. Its health check (above, and <code>/api/health</code>{' '}
        in serve mode) warns when a figure crosses a limit below.
      </p>
      {res.isPending && <Loading what="resource samples" />}
      {res.error && <ErrorNotice error={res.error} />}
      {now && (
        <dl className="facts">
          <dt>Memory</dt>
          <dd>
            {formatBytes(now.rss)} resident · {formatBytes(now.heapUsed)} V8 heap · {formatBytes(now.external)} external
          </dd>
          <dt>Workspace</dt>
          <dd>
            {formatBytes(now.dbBytes)} file · {formatBytes(now.walBytes)} WAL
            {now.freeBytes !== null && ` · ${formatBytes(now.freeBytes)} free on its disk`}
          </dd>
          <dt>Event loop</dt>
          <dd>
            {formatMs(now.eldP99Ms)} delay p99 (last minute) · {now.handles} open handles
          </dd>
        </dl>
      )}
      {res.data && res.data.samples.at.length < 2 && (
        <EmptyState title="No history yet">
          The first sample is taken a minute after the console starts; the charts fill in over the day. Leave the console running and come
          back in a few minutes.
        </EmptyState>
      )}
      {res.data && res.data.samples.at.length >= 2 && memory && disk && (
        <div className="grid two">
          <div>
            <h3>Memory, last 24 h</h3>
            <Chart
              option={memory}
              height={240}
              label="The console's resident memory, V8 heap used and external memory in MB over the last day"
            />
          </div>
          <div>
            <h3>Workspace and WAL, last 24 h</h3>
            <Chart option={disk} height={240} label="Size of the workspace file and of its write-ahead log in MB over the last day" />
          </div>
        </div>
      )}
      <h3>Warn when</h3>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate(Object.fromEntries(LIMITS.map((f) => [f.key, Number(draft[f.key])])) as ResourceLimits)
        }}
      >
        {LIMITS.map((f) => (
          <label key={f.key}>
            {f.label} (MB)
            <input
              type="number"
              min={f.key === 'freeDiskMb' ? 0 : 1}
              step={1}
              value={draft[f.key] ?? ''}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              aria-label={`${f.label} (MB)`}
            />
          </label>
        ))}
        <button type="submit" disabled={save.isPending || !limits}>
          Save limits
        </button>
      </form>
      {save.error && <ErrorNotice error={save.error} title="Limits not saved" />}
      {save.isSuccess && (
        <p className="notice notice-ok" role="status">
          Saved.
        </p>
      )}
    </section>
  )
}
