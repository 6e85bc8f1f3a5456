import {
  COST_GROUPS,
  HEALTH_METRICS,
  PANEL_SOURCES,
  PANEL_TYPE_LABELS,
  PANEL_TYPES,
  UNITS,
  type DashboardPanel,
  type PanelQuery,
  type PanelSource,
  type PanelType,
  type Unit
} from '../../../../shared/contract/dashboards'
import { Field } from '../../components/Field'
import { defaultQuery, SOURCE_LABELS } from './draft'
import { ExtensionPanelFields } from './ExtensionPanelFields'

interface Props {
  panel: DashboardPanel
  onChange: (p: DashboardPanel) => void
  onDelete: () => void
  onClose: () => void
}

const HINT_VARS = 'Use $name for a dashboard variable, e.g. $service.'

/** The selected panel's title, type, query, unit and thresholds. */
export function PanelEditor({ panel, onChange, onDelete, onClose }: Props) {
  const set = (patch: Partial<DashboardPanel>) => onChange({ ...panel, ...patch })
  const q = panel.query as Record<string, unknown> & PanelQuery
  const setQ = (patch: Record<string, unknown>) => set({ query: { ...q, ...patch } as PanelQuery })
  const text = (key: string, label: string, hint = HINT_VARS, area = false) => (
    <Field label={label} hint={hint}>
      {area ? (
        <textarea rows={3} value={String(q[key] ?? '')} onChange={(e) => setQ({ [key]: e.target.value })} spellCheck={false} />
      ) : (
        <input value={String(q[key] ?? '')} onChange={(e) => setQ({ [key]: e.target.value })} />
      )}
    </Field>
  )
  const choice = (key: string, label: string, options: readonly string[]) => (
    <Field label={label}>
      <select value={String(q[key])} onChange={(e) => setQ({ [key]: e.target.value })}>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </Field>
  )

  return (
    <aside className="card dash-editor" aria-label="Panel settings">
      <div className="dash-editor-head">
        <h2>Panel {panel.id}</h2>
        <button onClick={onClose}>Done</button>
      </div>
      <Field label="Title">
        <input value={panel.title} onChange={(e) => set({ title: e.target.value })} />
      </Field>
      <Field label="Visualisation">
        <select
          value={panel.type}
          onChange={(e) => {
            const type = e.target.value as PanelType
            set({
              type,
              ...(type === 'text' ? { query: defaultQuery('none') } : panel.type === 'text' ? { query: defaultQuery('health') } : {})
            })
          }}
        >
          {PANEL_TYPES.map((t) => (
            <option key={t} value={t}>
              {PANEL_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </Field>
      {panel.type === 'text' ? (
        <Field label="Markdown">
          <textarea rows={8} value={panel.text} onChange={(e) => set({ text: e.target.value })} />
        </Field>
      ) : (
        <>
          <Field label="Data from">
            <select value={q.source} onChange={(e) => set({ query: defaultQuery(e.target.value as PanelSource) })}>
              {PANEL_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {SOURCE_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
          {q.source === 'health' && (
            <>
              {choice('metric', 'Measure', HEALTH_METRICS)}
              {text('service', 'Service', 'A service name, $service, or empty for every service.')}
            </>
          )}
          {q.source === 'alerts' && (
            <>
              {choice('state', 'State', ['any', 'firing', 'acknowledged', 'resolved'])}
              {choice('groupBy', 'Count by', ['state', 'severity', 'service', 'time'])}
              {text('service', 'Service', 'Empty for every service.')}
            </>
          )}
          {q.source === 'drift' && (
            <>
              {text('check', 'Drift check', 'A check name for its run history; empty for the latest score of every check.')}
              {text('model', 'Model')}
            </>
          )}
          {q.source === 'costs' && (
            <>
              {choice('groupBy', 'Group by', COST_GROUPS)}
              {choice('granularity', 'Granularity', ['day', 'week', 'month'])}
              {text('service', 'Cost service', 'Empty for all; the top 8 are shown.')}
            </>
          )}
          {q.source === 'models' && (
            <>
              {text('model', 'Model', 'Empty for every registered model.')}
              {text('metric', 'Metric', 'A logged metric, e.g. accuracy or auc.')}
            </>
          )}
          {q.source === 'metrics' && (
            <>
              <Field label="Metric source" hint="0 is the console’s built-in store; see Metrics › Sources for others.">
                <input type="number" min={0} value={Number(q.sourceId ?? 0)} onChange={(e) => setQ({ sourceId: Number(e.target.value) })} />
              </Field>
              {text('promql', 'PromQL', HINT_VARS, true)}
            </>
          )}
          {q.source === 'logs' && (
            <>
              {text('logql', 'LogQL', 'A log stream shows the lines; other panels count them over time.', true)}
              <Field label="Lines shown">
                <input
                  type="number"
                  min={1}
                  max={500}
                  value={Number(q.limit ?? 100)}
                  onChange={(e) => setQ({ limit: Number(e.target.value) })}
                />
              </Field>
            </>
          )}
          {q.source === 'extension' && <ExtensionPanelFields query={q} onChange={(patch) => setQ(patch)} />}
          <div className="form-row">
            <Field label="Unit">
              <select value={panel.unit} onChange={(e) => set({ unit: e.target.value as Unit })}>
                {UNITS.map((u) => (
                  <option key={u} value={u}>
                    {u || 'from the data'}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Decimals">
              <input type="number" min={0} max={6} value={panel.decimals} onChange={(e) => set({ decimals: Number(e.target.value) })} />
            </Field>
          </div>
          <fieldset className="dash-thresholds">
            <legend>Thresholds</legend>
            {panel.thresholds.map((t, i) => (
              <div className="form-row" key={i}>
                <input
                  type="number"
                  aria-label={`Threshold ${i + 1} value`}
                  value={t.value}
                  onChange={(e) =>
                    set({ thresholds: panel.thresholds.map((x, j) => (j === i ? { ...x, value: Number(e.target.value) } : x)) })
                  }
                />
                <input
                  type="color"
                  aria-label={`Threshold ${i + 1} colour`}
                  value={t.color}
                  onChange={(e) => set({ thresholds: panel.thresholds.map((x, j) => (j === i ? { ...x, color: e.target.value } : x)) })}
                />
                <button onClick={() => set({ thresholds: panel.thresholds.filter((_, j) => j !== i) })}>Remove</button>
              </div>
            ))}
            <button
              onClick={() => set({ thresholds: [...panel.thresholds, { value: panel.thresholds.at(-1)?.value ?? 0, color: '#cf222e' }] })}
              disabled={panel.thresholds.length >= 10}
            >
              Add a threshold
            </button>
          </fieldset>
        </>
      )}
      <button className="danger" onClick={onDelete}>
        Remove this panel
      </button>
    </aside>
  )
}
