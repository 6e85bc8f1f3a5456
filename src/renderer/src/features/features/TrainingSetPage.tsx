import { useMemo, useState } from 'react'
import { href, navigate } from '../../app/router'
import { Chart } from '../../components/Chart'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ModelVersionSelect } from '../../components/ModelVersionSelect'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatMs, formatPercent, formatTime } from '../../lib/format'
import { useJobCommand } from '../../lib/jobs'
import { useChannel, useCommand } from '../../lib/queries'
import { formatDurationShort } from '../../../../shared/duration'
import { buildNullRateOption } from './featureCharts'
import { FeaturesTabs } from './FeaturesTabs'

/** A training set: its manifest (exact versions, rows, null rates), its file, lineage to a model version, drift checks. */
export function TrainingSetPage({ id }: { id: number }) {
  const ts = useChannel('features:trainingSet', { id })
  const versions = useChannel('models:versions')
  const attach = useCommand('features:attachTrainingSet', ['features:trainingSet', 'features:trainingSets'])
  const del = useCommand('features:deleteTrainingSet', ['features:trainingSets'])
  const drift = useJobCommand<'features:createDriftCheck', { checks: { id: number; name: string }[] }>('features:createDriftCheck', [
    'features:trainingSet'
  ])
  const [versionId, setVersionId] = useState('')
  const [days, setDays] = useState(7)
  const nullOption = useMemo(() => (ts.data ? buildNullRateOption(ts.data.manifest.features) : null), [ts.data])
  if (ts.isPending) return <Loading what="training set" />
  if (ts.error) return <ErrorNotice error={ts.error} />
  const t = ts.data
  const m = t.manifest
  return (
    <div className="page features-page">
      <PageHeader
        title={t.name}
        subtitle={`${t.rows.toLocaleString()} rows × ${m.columns.length} columns · ${m.engine} engine, ${formatMs(m.durationMs)} · ${formatTime(t.createdAt)}`}
        actions={
          <ConfirmButton
            className="danger"
            question={`Forget ${t.name}? Its files stay on disk.`}
            onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/features/training-sets') })}
          >
            Forget
          </ConfirmButton>
        }
      />
      <FeaturesTabs current="training-sets" />
      <div className="grid two align-start">
        <section className="card">
          <h2>Export</h2>
          <dl className="facts">
            <dt>File</dt>
            <dd className="mono small">
              {t.outputPath} <span className="tag">{t.format}</span> {formatBytes(m.output.bytes)}
            </dd>
            <dt>Manifest</dt>
            <dd className="mono small">{t.manifestPath}</dd>
            <dt>Entity file</dt>
            <dd className="mono small">{m.entityFile}</dd>
            <dt>Timestamp column</dt>
            <dd className="mono">{m.timestampColumn}</dd>
            <dt>Late backfills</dt>
            <dd>{m.filterByCreatedTimestamp ? 'filtered (created_ts ≤ entity time)' : 'not filtered (event time only)'}</dd>
          </dl>
          <h2>Views (exact versions)</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>View</th>
                <th>TTL</th>
                <th>Features</th>
              </tr>
            </thead>
            <tbody>
              {m.views.map((v) => (
                <tr key={v.name}>
                  <td>
                    <a href={href(`/features/views/${v.name}`)} className="mono">
                      {v.name}@v{v.version}
                    </a>
                  </td>
                  <td>{v.ttlSeconds ? formatDurationShort(v.ttlSeconds) : 'none'}</td>
                  <td className="mono small">{v.features.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {m.warnings.length > 0 && (
            <div className="notice">
              {m.warnings.map((w, i) => (
                <p key={i}>{w}</p>
              ))}
            </div>
          )}
        </section>
        <section className="card">
          <h2>Null rate per feature</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>Column</th>
                <th>Reference</th>
                <th>Type</th>
                <th className="num">Nulls</th>
                <th className="num">Null rate</th>
              </tr>
            </thead>
            <tbody>
              {m.features.map((f) => (
                <tr key={f.column}>
                  <td className="mono">{f.column}</td>
                  <td className="mono small">
                    {f.view}@v{f.version}
                  </td>
                  <td>{f.type}</td>
                  <td className="num">{f.nulls.toLocaleString()}</td>
                  <td className="num">{formatPercent(f.nullRate, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {nullOption && (
            <Chart option={nullOption} height={Math.max(120, 40 + m.features.length * 28)} label={`Null rate per feature of ${t.name}`} />
          )}
        </section>
      </div>
      <div className="grid two align-start">
        <section className="card">
          <h2>Model version trained on it</h2>
          {t.modelVersion && (
            <p>
              Training data of <a href={href(`/models/version/${t.modelVersion.id}`)}>{t.modelVersion.label}</a> (shown in its lineage).
            </p>
          )}
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault()
              if (versionId) attach.mutate({ id, modelVersionId: Number(versionId) })
            }}
          >
            <Field label="Model version">
              <ModelVersionSelect
                aria-label="Model version"
                versions={versions.data}
                value={versionId}
                onChange={setVersionId}
                placeholder="choose…"
              />
            </Field>
            <button type="submit" disabled={!versionId || attach.isPending}>
              Attach as training data
            </button>
          </form>
          {versions.data?.length === 0 && <p className="muted small">No model versions yet: register one under Models.</p>}
          {attach.error && <ErrorNotice error={attach.error} />}
        </section>
        <section className="card">
          <h2>Drift against recent values</h2>
          <p className="muted small">
            One check per view: this training set against the view’s values of the last days of its data (drift area, re-read on each run).
          </p>
          <div className="inline-form">
            <Field label="Recent days">
              <input
                aria-label="Recent days"
                type="number"
                min={1}
                max={365}
                value={days}
                onChange={(e) => setDays(Number(e.target.value))}
              />
            </Field>
            <button className="primary" disabled={drift.running} onClick={() => void drift.start({ id, days })}>
              Create drift check
            </button>
          </div>
          {drift.running && <JobProgress job={drift.job} label="Creating drift checks" onCancel={drift.cancel} />}
          {drift.error && <ErrorNotice error={drift.error} title="No check created" />}
          {t.driftChecks.length > 0 && (
            <ul>
              {t.driftChecks.map((c) => (
                <li key={c.id}>
                  <a href={href(`/drift/checks/${c.id}`)}>{c.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  )
}
