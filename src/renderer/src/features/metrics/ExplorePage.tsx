import { useMemo, useState } from 'react'
import { AppError } from '../../../../shared/errors'
import { Chart } from '../../components/Chart'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { buildForecastOption, buildSeriesOption } from './charts'
import { MetricsNav } from './MetricsNav'
import { rangeOf, useMetricsUi } from './store'

/** Any PromQL query as a chart; a forecast of it with intervals, the model chosen by backtest, and a capacity warning. */
export function ExplorePage() {
  const ui = useMetricsUi()
  const [text, setText] = useState(ui.query)
  const [horizon, setHorizon] = useState('48')
  const [season, setSeason] = useState('')
  const [threshold, setThreshold] = useState('')
  const [wantForecast, setWantForecast] = useState(false)
  const range = useMemo(() => rangeOf(ui.hours), [ui.hours])
  const q = ui.query
  const result = useChannel('metrics:queryRange', { sourceId: ui.sourceId, query: q || 'vector(0)', ...range }, { enabled: !!q })
  const th = threshold.trim() === '' ? undefined : Number(threshold)
  const forecast = useChannel(
    'metrics:forecast',
    {
      sourceId: ui.sourceId,
      query: q || 'vector(0)',
      ...range,
      horizonSteps: Math.max(1, Math.min(2000, Number(horizon) || 48)),
      periods: season.trim() ? [Number(season)] : [],
      ...(th !== undefined && Number.isFinite(th) ? { threshold: th } : {})
    },
    { enabled: !!q && wantForecast }
  )
  const queryError = result.error instanceof AppError && result.error.field === 'query' ? result.error.message : undefined
  return (
    <div className="page">
      <PageHeader title="Metrics" subtitle="Explore: run a PromQL query over the chosen range, then forecast it." />
      <MetricsNav current="explore" />
      <section className="card">
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            ui.set({ query: text.trim() })
          }}
        >
          <Field
            label="PromQL query"
            error={queryError}
            hint="e.g. sum by (job) (rate(http_requests_total[5m])), or a disk metric to see when it fills"
          >
            <textarea aria-label="PromQL query" rows={2} className="mono" value={text} onChange={(e) => setText(e.target.value)} />
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary">
              Run query
            </button>
          </div>
        </form>
        {!q && <EmptyState title="No query yet">Type a PromQL expression and run it; series show as lines with their labels.</EmptyState>}
        {result.isLoading && q && <Loading what="the query" />}
        {result.error && !queryError && <ErrorNotice error={result.error} title="The source answered with an error" />}
        {result.data && (
          <>
            <p className="muted small">
              {result.data.series.length} series · step {result.data.stepS} s
              {result.data.warnings.length ? ` · ${result.data.warnings.join('; ')}` : ''}
            </p>
            {result.data.series.length > 0 && (
              <Chart option={buildSeriesOption(result.data.series, '')} label="Query result" exportName="query" />
            )}
          </>
        )}
      </section>
      {q && (
        <section className="card">
          <h2>Forecast</h2>
          <form
            className="stacked-form"
            onSubmit={(e) => {
              e.preventDefault()
              setWantForecast(true)
            }}
          >
            <div className="form-row">
              <Field label="Horizon (steps)">
                <input aria-label="Horizon" value={horizon} onChange={(e) => setHorizon(e.target.value)} inputMode="numeric" />
              </Field>
              <Field label="Season (steps, optional)" hint="e.g. 24 for a daily season of hourly steps">
                <input aria-label="Season" value={season} onChange={(e) => setSeason(e.target.value)} inputMode="numeric" />
              </Field>
              <Field label="Capacity threshold (optional)" hint="when the forecast reaches it">
                <input aria-label="Threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} inputMode="decimal" />
              </Field>
            </div>
            <div className="form-actions">
              <button type="submit" className="primary">
                Forecast
              </button>
            </div>
          </form>
          {forecast.isLoading && wantForecast && <Loading what="the forecast" />}
          {forecast.error && <ErrorNotice error={forecast.error} />}
          {forecast.data?.map((f, i) => (
            <div key={i} className="forecast">
              {f.crossing && (
                <p className={f.crossing.expected !== null ? 'warning' : 'muted'} role="status">
                  <strong>Capacity:</strong> {f.crossing.message}
                </p>
              )}
              <Chart
                option={buildForecastOption(f, '', th !== undefined ? { threshold: th } : {})}
                label="Forecast with 95 % interval"
                exportName="forecast"
              />
              <table className="table compact">
                <thead>
                  <tr>
                    <th>Model (backtest on the last steps)</th>
                    <th className="num">RMSE</th>
                    <th className="num">MAPE</th>
                    <th className="num">Inside 95 % interval</th>
                  </tr>
                </thead>
                <tbody>
                  {f.candidates.map((c) => (
                    <tr key={c.name} className={c.name === f.model ? 'selected' : undefined}>
                      <td>
                        {c.name}
                        {c.name === f.model ? ' (chosen)' : ''}
                      </td>
                      <td className="num">{c.rmse.toPrecision(4)}</td>
                      <td className="num">{c.mape === null ? '—' : `${(c.mape * 100).toFixed(1)} %`}</td>
                      <td className="num">{(c.coverage * 100).toFixed(0)} %</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      )}
    </div>
  )
}
