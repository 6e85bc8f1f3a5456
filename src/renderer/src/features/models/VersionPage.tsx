import { useMemo, useState } from 'react'
import { href, navigate } from '../../app/router'
import { LongValue } from '../../components/LongValue'
import { Markdown } from '../../components/Markdown'
import { visibleTags } from '../../lib/longValue'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { STAGES, type Stage } from '../../../../shared/contract'
import { AliasForm } from './AliasForm'
import { CardEditor, REGISTRY_QUERIES } from './ModelForms'
import { formatMetric } from './modelCharts'
import { ModelsNav } from './ModelsNav'
import { AliasBadge, StageBadge } from './badges'
import { VersionDetailsForm } from './VersionForms'

/** One version: metrics, params and tags of its run, notes, lineage and artifact, stage and alias changes, card. */
export function VersionPage({ id, editing }: { id: number; editing: boolean }) {
  const version = useChannel('models:version', { id })
  const transition = useCommand('models:transition', [...REGISTRY_QUERIES])
  const update = useCommand('models:updateVersion', [...REGISTRY_QUERIES])
  const [stage, setStage] = useState<Stage>('Staging')
  const [comment, setComment] = useState('')
  const [archiveOthers, setArchiveOthers] = useState(false)
  const metricRows = useMemo(() => version.data?.run?.metrics ?? [], [version.data])
  if (version.isPending)
    return (
      <div className="page">
        <Loading what="version" />
      </div>
    )
  if (version.error)
    return (
      <div className="page">
        <ErrorNotice error={version.error} />
      </div>
    )
  const v = version.data
  const run = v.run
  const base = `/models/version/${id}`
  return (
    <div className="page">
      <PageHeader
        title={`${v.modelName} v${v.version}`}
        subtitle={
          <>
            <StageBadge stage={v.stage} />{' '}
            {v.aliases.map((a) => (
              <AliasBadge key={a} alias={a} />
            ))}{' '}
            <a href={href(`/models/${v.modelId}`)}>all versions of {v.modelName}</a>
          </>
        }
        actions={
          <>
            <a className="button-link" href={href(`/models/evaluate`)}>
              Evaluate…
            </a>
            {!editing && <button onClick={() => navigate(`${base}/edit`)}>Edit version</button>}
          </>
        }
      />
      <ModelsNav active="none" />
      {editing && <VersionDetailsForm version={v} onDone={() => navigate(base)} />}
      <div className="grid two">
        <section className="card models-card">
          <h2>Metrics</h2>
          {metricRows.length === 0 ? (
            <p className="muted">
              {run ? 'No metrics: its run logged none.' : 'No metrics: this version has no imported run.'} Evaluate it on a holdout
              {run ? '' : ', or import its MLflow run'} to see some here.
            </p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Metric</th>
                  <th className="num">Latest value</th>
                  <th className="num">Step</th>
                  <th className="num">Points</th>
                </tr>
              </thead>
              <tbody>
                {metricRows.map((m) => (
                  <tr key={m.key}>
                    <td className="mono">{m.key}</td>
                    <td className="num">{formatMetric(m.value)}</td>
                    <td className="num">{m.step}</td>
                    <td className="num">{m.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Params</h2>
          <KeyValues values={run?.params ?? {}} empty="No params." />
          <h2>Tags</h2>
          <KeyValues values={{ ...v.tags, ...(run?.tags ?? {}) }} empty="No tags." systemToggle />
          <h2>Notes</h2>
          {v.description && <p>{v.description}</p>}
          <Markdown
            source={v.notes}
            headingOffset={2}
            empty="No notes. Use Edit version to record what changed, why it was trained and known issues."
          />
        </section>
        <section className="card models-card">
          <h2>Lineage and artifact</h2>
          <dl className="facts">
            <dt>Source run</dt>
            <dd>
              {run ? (
                <>
                  {run.name} <span className="mono small muted">{run.runUuid}</span> ({run.status}, experiment {run.experiment.name})
                  {run.deleted && <span className="badge"> deleted in MLflow</span>}
                </>
              ) : (
                (v.runUuid ?? '—')
              )}
            </dd>
            <dt>Parent version</dt>
            <dd>
              {v.parent ? <a href={href(`/models/version/${v.parent.id}`)}>v{v.parent.version}</a> : '—'}
              {v.children.length > 0 && (
                <>
                  {' '}
                  · children{' '}
                  {v.children.map((c) => (
                    <a key={c.id} href={href(`/models/version/${c.id}`)}>
                      {' '}
                      v{c.version}
                    </a>
                  ))}
                </>
              )}
            </dd>
            <dt>Training data</dt>
            <dd>
              {v.trainingSet ? (
                <>
                  <a href={href(`/features/training-sets/${v.trainingSet.id}`)}>{v.trainingSet.name}</a>{' '}
                  <span className="muted small">feature store training set from {v.trainingSet.views.join(', ')}</span>
                </>
              ) : (
                <span className="mono">{v.dataset ?? '—'}</span>
              )}
            </dd>
            <dt>Source</dt>
            <dd className="mono small">{v.source || '—'}</dd>
            <dt>Artifact</dt>
            <dd className="mono small">{v.artifactPath ?? 'none on this machine'}</dd>
            <dt>SHA-256</dt>
            <dd className="mono small">{v.artifactSha256 ?? '—'}</dd>
            <dt>Size</dt>
            <dd>{v.artifactSize !== null ? `${formatBytes(v.artifactSize)} (${v.artifactSize.toLocaleString()} bytes)` : '—'}</dd>
            <dt>Created</dt>
            <dd>{formatTime(v.createdAt)}</dd>
          </dl>
          <h2>Stage</h2>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault()
              transition.mutate({ id, stage, comment, archiveOthers }, { onSuccess: () => setComment('') })
            }}
          >
            <label>
              Move to{' '}
              <select value={stage} onChange={(e) => setStage(e.target.value as Stage)} aria-label="Target stage">
                {STAGES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <input
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder="Comment (why)"
              aria-label="Transition comment"
            />
            <label className="checkbox" style={{ flex: 'none', minWidth: 0, flexDirection: 'row', paddingBottom: 8 }}>
              <input type="checkbox" checked={archiveOthers} onChange={(e) => setArchiveOthers(e.target.checked)} /> archive others in that
              stage
            </label>
            <button type="submit" disabled={transition.isPending}>
              Move
            </button>
          </form>
          {transition.error && <ErrorNotice error={transition.error} title="Stage change refused" />}
          <AliasForm versionId={id} />
          <table className="table compact transitions">
            <thead>
              <tr>
                <th>When</th>
                <th>From → to</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {v.transitions.map((t, i) => (
                <tr key={i}>
                  <td className="nowrap">{formatTime(t.at)}</td>
                  <td>
                    <StageBadge stage={t.from} /> → <StageBadge stage={t.to} />
                  </td>
                  <td>{t.comment || <span className="muted">—</span>}</td>
                </tr>
              ))}
              {v.transitions.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No stage changes yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <h2>Version card</h2>
          <CardEditor
            card={v.card}
            label="Version card (Markdown)"
            pending={update.isPending}
            error={update.error}
            onSave={(card, done) => update.mutate({ id, card }, { onSuccess: done })}
          />
          {v.evaluations.length > 0 && (
            <>
              <h2>Evaluations</h2>
              <ul>
                {v.evaluations.map((e) => (
                  <li key={e.id}>
                    <a href={href(`/models/evaluate/${e.id}`)}>{e.name}</a> <span className="muted small">{formatTime(e.createdAt)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </div>
  )
}

function KeyValues({ values, empty, systemToggle }: { values: Record<string, string>; empty: string; systemToggle?: boolean }) {
  const [showSystem, setShowSystem] = useState(false)
  const all = Object.entries(values)
  const { shown, hidden } = systemToggle ? visibleTags(all, showSystem) : { shown: all, hidden: 0 }
  return (
    <>
      {shown.length === 0 && <p className="muted">{all.length ? 'Only MLflow system tags.' : empty}</p>}
      {shown.length > 0 && (
        <table className="table compact kv">
          <tbody>
            {shown.map(([k, v]) => (
              <tr key={k}>
                <td className="mono">{k}</td>
                <td className="mono small wrap">
                  <LongValue value={v} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {systemToggle && (hidden > 0 || showSystem) && (
        <label className="checkbox small">
          <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} /> Show MLflow system tags (mlflow.*
          {hidden ? `, ${hidden} hidden` : ''})
        </label>
      )}
    </>
  )
}
