/** The chart cards every explanation page shows: each with its one-sentence meaning, a PNG and a CSV export. */
import { useMemo, useState, type ReactNode } from 'react'
import type { ExplanationDetail, RowDetail } from '../../../../shared/contract/explain'
import { Chart } from '../../components/Chart'
import { ErrorNotice, Loading } from '../../components/States'
import { downloadText } from '../../lib/download'
import { useChannel } from '../../lib/queries'
import { beeswarmCsv, dependenceCsv, importanceCsv, rowCsv } from './explainCsv'
import {
  buildBeeswarmOption,
  buildDependenceOption,
  buildForceOption,
  buildImportanceOption,
  buildWaterfallOption,
  fmt
} from './explainCharts'

export function ViewCard({
  title,
  meaning,
  csv,
  children,
  actions
}: {
  title: string
  meaning: string
  csv?: () => [string, string]
  children: ReactNode
  actions?: ReactNode
}) {
  return (
    <section className="card explain-view" aria-label={title}>
      <div className="card-head">
        <h2>{title}</h2>
        <div className="explain-view-actions">
          {actions}
          {csv && (
            <button
              type="button"
              onClick={() => {
                const [name, text] = csv()
                downloadText(name, text)
              }}
            >
              Export CSV
            </button>
          )}
        </div>
      </div>
      <p className="explain-meaning">{meaning}</p>
      {children}
    </section>
  )
}

const slug = (s: string): string => s.replace(/[^\w.-]+/g, '_').slice(0, 60)

export function ImportanceView({ e, output }: { e: ExplanationDetail; output: number }) {
  const items = e.importance[output]
  const option = useMemo(() => buildImportanceOption(items ?? []), [items])
  return (
    <ViewCard
      title="Global importance"
      meaning="Each bar is a feature's mean absolute SHAP value: how far, on average over the explained rows, it moves the model's output away from the expected value."
      csv={() => [`importance-${slug(e.name)}.csv`, importanceCsv(items ?? [])]}
    >
      <Chart
        option={option}
        height={Math.max(200, Math.min(20, items?.length ?? 0) * 26 + 70)}
        label="Global importance: mean |SHAP value| per feature"
        exportName={`importance-${slug(e.name)}`}
      />
    </ViewCard>
  )
}

export function BeeswarmView({
  e,
  output,
  highlight,
  setHighlight
}: {
  e: ExplanationDetail
  output: number
  highlight: number | null
  setHighlight: (p: number | null) => void
}) {
  const bee = useChannel('explain:beeswarm', { id: e.id, output, top: 10, maxPoints: 2000 })
  const row = useChannel('explain:row', { id: e.id, output, position: highlight ?? 0 }, { enabled: highlight !== null })
  const rowId = highlight !== null ? (row.data?.rowId ?? null) : null
  const option = useMemo(() => (bee.data ? buildBeeswarmOption(bee.data, rowId) : null), [bee.data, rowId])
  return (
    <ViewCard
      title="Beeswarm summary"
      meaning="One dot per explained row and feature, placed at its SHAP value and coloured by the feature's value (red high, blue low): it shows both how much a feature matters and in which direction its values push."
      csv={bee.data ? () => [`beeswarm-${slug(e.name)}.csv`, beeswarmCsv(bee.data!)] : undefined}
      actions={
        <label className="small">
          Highlight row{' '}
          <input
            className="explain-position"
            aria-label="Highlight row (position)"
            inputMode="numeric"
            placeholder="position"
            value={highlight ?? ''}
            onChange={(ev) => setHighlight(/^\d+$/.test(ev.target.value) ? Math.min(Number(ev.target.value), e.rows - 1) : null)}
          />
        </label>
      }
    >
      {bee.isPending && <Loading what="beeswarm" />}
      {bee.error && <ErrorNotice error={bee.error} />}
      {bee.data && option && (
        <>
          <Chart
            option={option}
            height={bee.data.features.length * 42 + 90}
            label="Beeswarm: SHAP value of each row for the top features, coloured by feature value"
            exportName={`beeswarm-${slug(e.name)}`}
          />
          <p className="muted small">
            Top {bee.data.features.length} features{bee.data.otherFeatures ? ` (${bee.data.otherFeatures} more not shown)` : ''};{' '}
            {bee.data.shown.toLocaleString('en-US')} of {bee.data.rows.toLocaleString('en-US')} rows drawn
            {rowId !== null ? `; outlined: data row ${rowId}` : ''}. Grey dots: missing values.
          </p>
        </>
      )}
    </ViewCard>
  )
}

export function DependenceView({ e, output }: { e: ExplanationDetail; output: number }) {
  const first = e.importance[output]?.[0]?.feature ?? e.features[0] ?? ''
  const [feature, setFeature] = useState(first)
  const [colorBy, setColorBy] = useState('')
  const dep = useChannel('explain:dependence', { id: e.id, output, feature, ...(colorBy ? { colorBy } : {}), maxPoints: 3000 })
  const option = useMemo(() => (dep.data ? buildDependenceOption(dep.data) : null), [dep.data])
  return (
    <ViewCard
      title="Dependence"
      meaning={`Each dot is a row: the value of ${feature} against its SHAP value, coloured by the feature it interacts with most${dep.data?.colorFeature ? ` (${dep.data.colorFeature}, from ${dep.data.colorSource})` : ''}; vertical spread at one value is that interaction at work.`}
      csv={dep.data ? () => [`dependence-${slug(feature)}-${slug(e.name)}.csv`, dependenceCsv(dep.data!)] : undefined}
      actions={
        <>
          <label className="small">
            Feature{' '}
            <select aria-label="Dependence feature" value={feature} onChange={(ev) => setFeature(ev.target.value)}>
              {(e.importance[output] ?? []).map((i) => (
                <option key={i.feature}>{i.feature}</option>
              ))}
            </select>
          </label>
          <label className="small">
            Colour by{' '}
            <select aria-label="Colour by" value={colorBy} onChange={(ev) => setColorBy(ev.target.value)}>
              <option value="">strongest interaction</option>
              {e.features
                .filter((f) => f !== feature)
                .map((f) => (
                  <option key={f}>{f}</option>
                ))}
            </select>
          </label>
        </>
      }
    >
      {dep.error && <ErrorNotice error={dep.error} />}
      {option && (
        <Chart
          option={option}
          height={340}
          label={`Dependence of the SHAP value on ${feature}`}
          exportName={`dependence-${slug(feature)}`}
        />
      )}
    </ViewCard>
  )
}

export function PredictionViews({ r, name }: { r: RowDetail; name: string }) {
  const waterfall = useMemo(() => buildWaterfallOption(r), [r])
  const force = useMemo(() => buildForceOption(r), [r])
  const shown = Math.min(10, r.contributions.length) + (r.contributions.length > 10 ? 1 : 0)
  return (
    <>
      <ViewCard
        title="Waterfall"
        meaning={`How this prediction is built: from the expected model output E[f(X)] = ${fmt(r.expected)} each feature adds its SHAP value (red raises, blue lowers) until the model's output f(x) = ${fmt(r.fx)}${r.link !== 'identity' ? ` (a ${r.link} link turns it into ${fmt(r.prediction)})` : ''}.`}
        csv={() => [`row-${r.rowId}-${slug(name)}.csv`, rowCsv(r)]}
      >
        <Chart
          option={waterfall}
          height={shown * 30 + 100}
          label={`Waterfall of data row ${r.rowId}: from E[f(X)] to f(x)`}
          exportName={`waterfall-row-${r.rowId}`}
        />
      </ViewCard>
      <ViewCard
        title="Force plot"
        meaning="The same prediction as forces on one line: features in red push the output up towards f(x), those in blue push it down, and the widest segments matter most."
        csv={() => [`row-${r.rowId}-${slug(name)}.csv`, rowCsv(r)]}
      >
        <Chart option={force} height={170} label={`Force plot of data row ${r.rowId}`} exportName={`force-row-${r.rowId}`} />
      </ViewCard>
    </>
  )
}

export function RowView({
  e,
  output,
  position,
  setPosition
}: {
  e: ExplanationDetail
  output: number
  position: number
  setPosition: (p: number) => void
}) {
  const row = useChannel('explain:row', { id: e.id, output, position })
  return (
    <>
      <div className="form-row explain-row-picker">
        <label>
          Row position (0 to {e.rows - 1}){' '}
          <input
            aria-label="Row position"
            inputMode="numeric"
            className="explain-position"
            value={position}
            onChange={(ev) => /^\d*$/.test(ev.target.value) && setPosition(Math.min(Number(ev.target.value || 0), e.rows - 1))}
          />
        </label>
        {row.data && (
          <span className="small muted">
            data row {row.data.rowId} · f(x) = {fmt(row.data.fx)}
            {row.data.link !== 'identity' ? ` → prediction ${fmt(row.data.prediction)}` : ''}
          </span>
        )}
      </div>
      {row.error && <ErrorNotice error={row.error} />}
      {row.data && <PredictionViews r={row.data} name={e.name} />}
    </>
  )
}
