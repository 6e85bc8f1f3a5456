import { useMemo, useState } from 'react'
import type { DashboardLabels } from '../../../../shared/contract/metrics'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { Field } from '../../components/Field'
import { StatePill } from '../../components/StatePill'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { buildForecastOption, buildSeriesOption } from './charts'
import { formatValue } from './format'
import { MetricsNav } from './MetricsNav'
import { rangeOf, useMetricsUi } from './store'

const DEFAULTS: DashboardLabels = {
  service: 'job',
  requests: 'http_requests_total',
  status: 'code',
  duration: 'http_request_duration_seconds',
  instance: 'instance',
  buildInfo: 'app_build_info',
  version: 'version',
  stage: 'stage'
}

/** RED (rate, errors, duration) and USE (CPU, memory, disk, saturation) of one service, its health and deploys. */
export function ServicePage({ service }: { service: string }) {
  const { sourceId, hours } = useMetricsUi()
  const [labels, setLabels] = useState<DashboardLabels>(DEFAULTS)
  const [draft, setDraft] = useState<DashboardLabels>(DEFAULTS)
  const range = useMemo(() => rangeOf(hours), [hours])
  const dash = useChannel('metrics:dashboard', { sourceId, service, ...range, labels })
  const health = useChannel('health:overview').data?.find((s) => s.name === service)
  const rate = dash.data?.panels.find((p) => p.id === 'rate')
  const horizonSteps = Math.max(4, Math.round((rate?.series[0]?.points.length ?? 0) / 8))
  const forecast = useChannel(
    'metrics:forecast',
    { sourceId, query: rate?.query ?? 'vector(0)', ...range, stepS: dash.data?.stepS, horizonSteps },
    { enabled: !!rate?.series.length }
  )
  const markers = (dash.data?.deploys ?? []).map((d) => ({ t: d.t, label: `deploy ${d.version}` }))
  const f = forecast.data?.[0]
  return (
    <div className="page">
      <PageHeader
        title={service}
        subtitle={
          <>
            RED and USE dashboard · <a href={href('/metrics')}>all services</a>
            {health && (
              <>
                {' '}
                · health <StatePill state={health.state} /> ({health.checkCount} checks, {health.openIncidents} open incidents)
              </>
            )}
          </>
        }
      />
      <MetricsNav current="" />
      {dash.isLoading && <Loading what="the dashboard" />}
      {dash.error && <ErrorNotice error={dash.error} />}
      {dash.data && (
        <div className="grid two align-start">
          {dash.data.panels.map((p) => (
            <section key={p.id} className="card" data-panel={p.id}>
              <div className="card-head">
                <h2>{p.title}</h2>
                <span className="muted small">{p.series[0] ? formatValue(p.series[0].points.at(-1)?.[1], p.unit) : ''}</span>
              </div>
              {p.error && <ErrorNotice error={new Error(p.error)} title="The query failed" />}
              {!p.error && p.series.length === 0 && (
                <p className="muted small">No data: the service does not export this metric ({p.query.split('\n')[0]}).</p>
              )}
              {p.series.length > 0 && (
                <Chart option={buildSeriesOption(p.series, p.unit, { markers })} height={220} label={`${p.title} of ${service}`} />
              )}
            </section>
          ))}
          <section className="card" data-panel="forecast">
            <div className="card-head">
              <h2>Request rate forecast</h2>
              {f && (
                <span className="muted small">
                  model {f.model} · backtest RMSE {formatValue(f.candidates.find((c) => c.name === f.model)?.rmse, 'req/s')}
                </span>
              )}
            </div>
            {forecast.error && <ErrorNotice error={forecast.error} />}
            {!rate?.series.length && <p className="muted small">No request rate to forecast.</p>}
            {f && <Chart option={buildForecastOption(f, 'req/s')} height={220} label={`Request rate forecast of ${service}`} />}
          </section>
        </div>
      )}
      <details className="card">
        <summary>Label and metric names</summary>
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            setLabels(draft)
          }}
        >
          <div className="form-row">
            {(Object.keys(DEFAULTS) as (keyof DashboardLabels)[]).map((k) => (
              <Field key={k} label={k}>
                <input value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
              </Field>
            ))}
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Apply
            </button>
          </div>
        </form>
      </details>
    </div>
  )
}
