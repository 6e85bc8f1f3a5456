import { useMemo, useState } from 'react'
import type { Route } from '../../app/router'
import { href, navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { SubNav } from '../../components/SubNav'
import { formatBytes, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { STAGES, type Stage } from '../../../../shared/contract'
import { ComparePage, ReportPage } from './ComparePage'
import { EvaluatePage } from './EvaluatePage'
import { ImportPage } from './ImportPage'
import { Markdown } from './Markdown'
import { formatMetric } from './modelCharts'

export function ModelsNav({ active }: { active: string }) {
  const items = [
    ['', 'Registry'],
    ['compare', 'Compare'],
    ['evaluate', 'Evaluate'],
    ['import', 'Import']
  ] as const
  return <SubNav label="Models" items={items.map(([p, label]) => ({ href: href(`/models${p ? `/${p}` : ''}`), label, active: active === p }))} />
}

/** #/models, /models/<id>, /models/version/<id>, /models/compare/<items>, /models/report/<items>, /models/evaluate[/<evaluation id>], /models/import. */
export function ModelsPage({ route }: { route: Route }) {
  const [sub, arg] = route.parts
  if (!sub) return <RegistryPage />
  if (sub === 'import') return <ImportPage />
  if (sub === 'compare') return <ComparePage items={arg} />
  if (sub === 'report') return <ReportPage items={arg} />
  if (sub === 'evaluate') return <EvaluatePage key={arg ?? ''} evaluationId={Number(arg) > 0 ? Number(arg) : null} />
  if (sub === 'version' && Number(arg) > 0) return <VersionPage key={arg} id={Number(arg)} />
  if (Number(sub) > 0) return <ModelPage key={sub} id={Number(sub)} />
  return (
    <div className="page">
      <PageHeader title="Models" />
      <EmptyState title="No such page" action={<a href={href('/models')}>Back to the registry</a>}>
        “{sub}” is not a page of Models.
      </EmptyState>
    </div>
  )
}

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{stage}</span>
}
export const AliasBadge = ({ alias }: { alias: string }) => <span className="tag alias">@{alias}</span>

function RegistryPage() {
  const [search, setSearch] = useState('')
  const models = useChannel('models:list', { search })
  return (
    <div className="page">
      <PageHeader title="Models" subtitle="Registered models, their versions, stages and aliases." actions={<a className="button-link" href={href('/models/import')}>Import from MLflow…</a>} />
      <ModelsNav active="" />
      <div className="toolbar">
        <input type="search" placeholder="Search models by name, owner, tag…" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search models" />
      </div>
      {models.isPending && <Loading what="models" />}
      {models.error && <ErrorNotice error={models.error} />}
      {models.data && models.data.length === 0 && (
        <EmptyState title={search ? 'No model matches' : 'No models yet'} action={<a className="button-link" href={href('/models/import')}>Import an mlruns folder or mlflow.db</a>}>
          {search ? 'Try another search.' : 'Import an MLflow file store, an mlflow.db or a CSV/JSON metric table to fill the registry.'}
        </EmptyState>
      )}
      {models.data && models.data.length > 0 && (
        <table className="table models-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Owner</th>
              <th className="num">Versions</th>
              <th>Stages</th>
              <th>Aliases</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={href(`/models/${m.id}`)}>{m.name}</a>
                  {m.description && <div className="muted small">{m.description}</div>}
                </td>
                <td>{m.owner || <span className="muted">—</span>}</td>
                <td className="num">{m.versionCount}{m.latestVersion !== null && <span className="muted small"> (latest v{m.latestVersion})</span>}</td>
                <td>
                  {Object.entries(m.stages).map(([s, n]) => (
                    <span key={s} className="nowrap">
                      <StageBadge stage={s} /> {n}{' '}
                    </span>
                  ))}
                </td>
                <td>{m.aliases.map((a) => <span key={a.alias}><AliasBadge alias={a.alias} /> v{a.version} </span>)}</td>
                <td className="nowrap">{formatTime(m.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function CardEditor({ card, onSave, saving }: { card: string; onSave: (card: string) => void; saving: boolean }) {
  const [draft, setDraft] = useState<string | null>(null)
  if (draft === null)
    return (
      <>
        {card ? <Markdown text={card} /> : <p className="muted">No card yet. Describe intended use, training data, evaluation and limitations.</p>}
        <button onClick={() => setDraft(card)}>Edit card</button>
      </>
    )
  return (
    <>
      <textarea className="mono" rows={10} value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="Model card (markdown)" />
      <div className="form-actions">
        <button className="primary" disabled={saving} onClick={() => { onSave(draft); setDraft(null) }}>Save card</button>
        <button onClick={() => setDraft(null)}>Cancel</button>
      </div>
    </>
  )
}

function ModelPage({ id }: { id: number }) {
  const model = useChannel('models:get', { id })
  const update = useCommand('models:update', ['models:get', 'models:list'])
  const [picked, setPicked] = useState<number[]>([])
  if (model.isPending) return <div className="page"><Loading what="model" /></div>
  if (model.error) return <div className="page"><ErrorNotice error={model.error} /></div>
  const m = model.data
  const toggle = (vid: number): void => setPicked((p) => (p.includes(vid) ? p.filter((x) => x !== vid) : [...p, vid].slice(-20)))
  return (
    <div className="page">
      <PageHeader
        title={m.name}
        subtitle={m.description || 'No description'}
        actions={
          <button className="primary" disabled={picked.length < 2} onClick={() => navigate(`/models/compare/${picked.map((p) => `v${p}`).join(',')}`)}>
            Compare {picked.length || ''} selected
          </button>
        }
      />
      <ModelsNav active="none" />
      <div className="grid two">
        <section className="card models-card">
          <h2>Versions</h2>
          {m.versions.length === 0 ? (
            <EmptyState title="No versions">Import the model’s runs from MLflow, or register a version from a run.</EmptyState>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th aria-label="Select" />
                  <th>Version</th>
                  <th>Stage</th>
                  <th>Aliases</th>
                  <th>Run</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {m.versions.map((v) => (
                  <tr key={v.id}>
                    <td><input type="checkbox" checked={picked.includes(v.id)} onChange={() => toggle(v.id)} aria-label={`Select v${v.version}`} /></td>
                    <td><a href={href(`/models/version/${v.id}`)}>v{v.version}</a></td>
                    <td><StageBadge stage={v.stage} /></td>
                    <td>{v.aliases.map((a) => <AliasBadge key={a} alias={a} />)}</td>
                    <td className="ellipsis">{v.runName ?? <span className="muted">—</span>}</td>
                    <td className="nowrap">{formatTime(v.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card models-card">
          <h2>Aliases</h2>
          {m.aliases.length ? (
            <ul>{m.aliases.map((a) => <li key={a.alias}><AliasBadge alias={a.alias} /> → v{a.version}</li>)}</ul>
          ) : (
            <p className="muted">No aliases. Open a version to point “champion” or “challenger” at it.</p>
          )}
          <h2>Owner and tags</h2>
          <dl className="facts">
            <dt>Owner</dt>
            <dd>{m.owner || '—'}</dd>
            <dt>Tags</dt>
            <dd>{Object.entries(m.tags).map(([k, v]) => <span key={k} className="tag">{k}={v}</span>)}{!Object.keys(m.tags).length && '—'}</dd>
            <dt>Created</dt>
            <dd>{formatTime(m.createdAt)}</dd>
          </dl>
          <h2>Model card</h2>
          <CardEditor card={m.card} saving={update.isPending} onSave={(card) => update.mutate({ id, card })} />
          {update.error && <ErrorNotice error={update.error} />}
        </section>
      </div>
    </div>
  )
}

function VersionPage({ id }: { id: number }) {
  const version = useChannel('models:version', { id })
  const invalidates = ['models:version', 'models:get', 'models:list', 'models:versions'] as const
  const transition = useCommand('models:transition', [...invalidates])
  const setAlias = useCommand('models:setAlias', [...invalidates])
  const update = useCommand('models:updateVersion', [...invalidates])
  const [stage, setStage] = useState<Stage>('Staging')
  const [comment, setComment] = useState('')
  const [archiveOthers, setArchiveOthers] = useState(false)
  const [alias, setAliasName] = useState('champion')
  const metricRows = useMemo(() => version.data?.run?.metrics ?? [], [version.data])
  if (version.isPending) return <div className="page"><Loading what="version" /></div>
  if (version.error) return <div className="page"><ErrorNotice error={version.error} /></div>
  const v = version.data
  const run = v.run
  return (
    <div className="page">
      <PageHeader
        title={`${v.modelName} v${v.version}`}
        subtitle={
          <>
            <StageBadge stage={v.stage} /> {v.aliases.map((a) => <AliasBadge key={a} alias={a} />)} <a href={href(`/models/${v.modelId}`)}>all versions of {v.modelName}</a>
          </>
        }
        actions={<a className="button-link" href={href(`/models/evaluate`)}>Evaluate…</a>}
      />
      <ModelsNav active="none" />
      <div className="grid two">
        <section className="card models-card">
          <h2>Metrics</h2>
          {metricRows.length === 0 ? (
            <p className="muted">No metrics: this version has no imported run. Import its MLflow run, or evaluate it on a holdout.</p>
          ) : (
            <table className="table compact">
              <thead><tr><th>Metric</th><th className="num">Latest value</th><th className="num">Step</th><th className="num">Points</th></tr></thead>
              <tbody>
                {metricRows.map((m) => (
                  <tr key={m.key}><td className="mono">{m.key}</td><td className="num">{formatMetric(m.value)}</td><td className="num">{m.step}</td><td className="num">{m.count}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Params</h2>
          <KeyValues values={run?.params ?? {}} empty="No params." />
          <h2>Tags</h2>
          <KeyValues values={{ ...v.tags, ...(run?.tags ?? {}) }} empty="No tags." />
        </section>
        <section className="card models-card">
          <h2>Lineage and artifact</h2>
          <dl className="facts">
            <dt>Source run</dt>
            <dd>{run ? <>{run.name} <span className="mono small muted">{run.runUuid}</span> ({run.status}, experiment {run.experiment.name})</> : (v.runUuid ?? '—')}</dd>
            <dt>Parent version</dt>
            <dd>{v.parent ? <a href={href(`/models/version/${v.parent.id}`)}>v{v.parent.version}</a> : '—'}{v.children.length > 0 && <> · children {v.children.map((c) => <a key={c.id} href={href(`/models/version/${c.id}`)}> v{c.version}</a>)}</>}</dd>
            <dt>Training data</dt>
            <dd className="mono">{v.dataset ?? '—'}</dd>
            <dt>Source</dt>
            <dd className="mono small">{v.source || '—'}</dd>
            <dt>Artifact</dt>
            <dd className="mono small">{v.artifactPath ?? 'not found on this machine'}</dd>
            <dt>SHA-256</dt>
            <dd className="mono small">{v.artifactSha256 ?? '—'}</dd>
            <dt>Size</dt>
            <dd>{v.artifactSize !== null ? `${formatBytes(v.artifactSize)} (${v.artifactSize.toLocaleString()} bytes)` : '—'}</dd>
            <dt>Created</dt>
            <dd>{formatTime(v.createdAt)}</dd>
          </dl>
          <h2>Stage</h2>
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); transition.mutate({ id, stage, comment, archiveOthers }, { onSuccess: () => setComment('') }) }}>
            <label>Move to <select value={stage} onChange={(e) => setStage(e.target.value as Stage)} aria-label="Target stage">{STAGES.map((s) => <option key={s}>{s}</option>)}</select></label>
            <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Comment (why)" aria-label="Transition comment" />
            <label className="checkbox"><input type="checkbox" checked={archiveOthers} onChange={(e) => setArchiveOthers(e.target.checked)} /> archive others in that stage</label>
            <button type="submit" disabled={transition.isPending}>Move</button>
          </form>
          {transition.error && <ErrorNotice error={transition.error} title="Stage change refused" />}
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); setAlias.mutate({ versionId: id, alias }) }}>
            <label>Alias <input value={alias} onChange={(e) => setAliasName(e.target.value)} aria-label="Alias name" list="alias-names" /></label>
            <datalist id="alias-names"><option value="champion" /><option value="challenger" /></datalist>
            <button type="submit" disabled={setAlias.isPending}>Point alias here</button>
          </form>
          {setAlias.error && <ErrorNotice error={setAlias.error} />}
          <table className="table compact transitions">
            <thead><tr><th>When</th><th>From → to</th><th>Comment</th></tr></thead>
            <tbody>
              {v.transitions.map((t, i) => (
                <tr key={i}><td className="nowrap">{formatTime(t.at)}</td><td><StageBadge stage={t.from} /> → <StageBadge stage={t.to} /></td><td>{t.comment || <span className="muted">—</span>}</td></tr>
              ))}
              {v.transitions.length === 0 && <tr><td colSpan={3} className="muted">No stage changes yet.</td></tr>}
            </tbody>
          </table>
          <h2>Version card</h2>
          <CardEditor card={v.card} saving={update.isPending} onSave={(card) => update.mutate({ id, card })} />
          {v.evaluations.length > 0 && (
            <>
              <h2>Evaluations</h2>
              <ul>{v.evaluations.map((e) => <li key={e.id}><a href={href(`/models/evaluate/${e.id}`)}>{e.name}</a> <span className="muted small">{formatTime(e.createdAt)}</span></li>)}</ul>
            </>
          )}
        </section>
      </div>
    </div>
  )
}

function KeyValues({ values, empty }: { values: Record<string, string>; empty: string }) {
  const entries = Object.entries(values)
  if (!entries.length) return <p className="muted">{empty}</p>
  return (
    <table className="table compact kv">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}><td className="mono">{k}</td><td className="mono small wrap">{v.length > 300 ? `${v.slice(0, 300)}…` : v}</td></tr>
        ))}
      </tbody>
    </table>
  )
}

