import { useMemo } from 'react'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import type { ChartOption } from '../../components/echarts'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { RunProgress } from './RunProgress'
import { TestingTabs } from './TestingTabs'
import type { BreakerTest } from './types'
import { Verdict } from './Verdict'

/** Requests answered (ok, failed) and the dependency's calls per second, with the fault phase shaded. */
export function buildBreakerOption(r: NonNullable<BreakerTest['report']>): ChartOption {
  const s = r.series
  const fault = r.phases.find((p) => p.name === 'fault')!
  return {
    animation: false,
    grid: { left: 12, right: 12, top: 40, bottom: 36, containLabel: true },
    legend: { top: 0, data: ['2xx', 'failed', 'dependency calls'] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: s.t.map((t) => `${t}`), name: 'Seconds', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value', name: 'Per second', min: 0 },
    series: [
      { name: '2xx', type: 'bar', stack: 'answers', data: s.ok, color: '#2da44e' },
      { name: 'failed', type: 'bar', stack: 'answers', data: s.failed, color: '#cf222e' },
      {
        name: 'dependency calls',
        type: 'line',
        data: s.upstreamCalls,
        color: '#1f6feb',
        markArea: {
          itemStyle: { color: 'rgba(207,34,46,0.08)' },
          data: [[{ xAxis: `${fault.fromS}`, name: 'fault on' }, { xAxis: `${Math.max(fault.fromS, fault.toS - 1)}` }]]
        }
      }
    ]
  }
}

export function BreakerTestPage({ id }: { id: number }) {
  const test = useChannel('testing:breakerTest', { id })
  const option = useMemo(() => (test.data?.report ? buildBreakerOption(test.data.report) : null), [test.data])
  if (test.isPending) return <Loading what="circuit-breaker test" />
  if (test.error) return <ErrorNotice error={test.error} />
  const t = test.data
  return (
    <div className="page testing-page">
      <PageHeader
        title={t.name}
        subtitle={
          <>
            <a href={href('/testing/faults')}>← faults</a> · {formatTime(t.startedAt)} · <Verdict verdict={t.verdict} state={t.state} />
          </>
        }
      />
      <TestingTabs current="faults" />
      {t.state === 'running' && <RunProgress jobId={t.jobId} label="Circuit-breaker test progress" />}
      {t.error && <ErrorNotice error={new Error(t.error)} title={`The test ended ${t.state}`} />}
      {t.report && option && (
        <>
          <section className="card">
            <h2>What happened</h2>
            <ol>
              {t.report.observations.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ol>
          </section>
          <section className="card">
            <Chart option={option} height={280} label="Answers and dependency calls per second; the fault phase is shaded" />
          </section>
        </>
      )}
    </div>
  )
}
