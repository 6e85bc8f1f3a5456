import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import {
  PANEL_TYPE_LABELS,
  PANEL_TYPES,
  type DashboardModel,
  type DashboardView,
  type PanelType
} from '../../../../shared/contract/dashboards'
import { reapply } from '../../../../shared/dashboards/merge'
import { AppError } from '../../../../shared/errors'
import { href, navigate } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { ProvisionedNote } from '../../components/ProvisionedNote'
import { call } from '../../lib/client'
import { downloadText } from '../../lib/download'
import { useChannel } from '../../lib/queries'
import { currentVars, emptyModel, newPanel } from './draft'
import { PanelEditor } from './PanelEditor'
import { PanelGrid } from './PanelGrid'
import { VariableBar, VariablesEditor } from './Variables'

export const TIME_RANGES = [
  ['now-15m', 'Last 15 minutes'],
  ['now-1h', 'Last hour'],
  ['now-6h', 'Last 6 hours'],
  ['now-24h', 'Last 24 hours'],
  ['now-7d', 'Last 7 days'],
  ['now-30d', 'Last 30 days'],
  ['now-90d', 'Last 90 days']
] as const
export const REFRESHES = [
  [0, 'Off'],
  [10, '10 s'],
  [30, '30 s'],
  [60, '1 min'],
  [300, '5 min']
] as const

/** One dashboard: viewing with its time range, refresh and variables; editing its panels, then saving a version. */
export function DashboardPage({ uid }: { uid: string | null }) {
  const server = useChannel('dashboards:get', { uid: uid ?? '' }, { enabled: !!uid })
  if (uid && server.error) return <ErrorNotice error={server.error} title="This dashboard could not be opened" />
  if (uid && !server.data) return <Loading what="the dashboard" />
  return <Dashboard key={uid ?? 'new'} server={server.data ?? null} />
}

function Dashboard({ server }: { server: DashboardView | null }) {
  const client = useQueryClient()
  const [draft, setDraft] = useState<DashboardModel>(server?.model ?? emptyModel())
  const [base, setBase] = useState(server?.version ?? 0)
  const [editing, setEditing] = useState(!server)
  const [selected, setSelected] = useState<string | null>(null)
  const [chosen, setChosen] = useState<Record<string, string>>({})
  const [message, setMessage] = useState('')
  const [author, setAuthor] = useState(() => localStorage.getItem('dashboards.author') ?? '')
  const [error, setError] = useState<unknown>(null)
  const [stale, setStale] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  // someone saved while this view only reads: show their version
  useEffect(() => {
    if (server && !editing && server.version !== base) {
      setDraft(server.model)
      setBase(server.version)
    }
  }, [server, editing, base])

  const vars = currentVars(draft, chosen)
  const panel = draft.panels.find((p) => p.id === selected) ?? null

  const save = async (overwrite = false) => {
    setBusy(true)
    setError(null)
    try {
      localStorage.setItem('dashboards.author', author)
      const saved = await call('dashboards:save', {
        ...(server ? { uid: server.uid } : {}),
        model: draft,
        baseVersion: base,
        message,
        ...(author.trim() ? { author: author.trim() } : {}),
        overwrite
      })
      setBase(saved.version)
      setDraft(saved.model)
      setEditing(false)
      setStale(false)
      setMessage('')
      setNotice(`Saved version ${saved.version}.`)
      await client.invalidateQueries({ queryKey: ['dashboards:list'] })
      await client.invalidateQueries({ queryKey: ['dashboards:versions'] })
      if (!server) navigate(`/dashboards/d/${saved.uid}`)
      else await client.invalidateQueries({ queryKey: ['dashboards:get'] })
    } catch (e) {
      setError(e)
      setStale(e instanceof AppError && e.code === 'CONFLICT')
    } finally {
      setBusy(false)
    }
  }

  /** Reload the newest version and re-apply this edit on it (what both changed is listed). */
  const reload = async () => {
    if (!server) return
    setBusy(true)
    try {
      const [opened, latest] = await Promise.all([
        call('dashboards:version', { uid: server.uid, version: base }),
        call('dashboards:get', { uid: server.uid })
      ])
      const merged = reapply(opened.model, draft, latest.model)
      setDraft(merged.model)
      setBase(latest.version)
      setError(null)
      setStale(false)
      setNotice(
        `Your changes are re-applied on version ${latest.version} by ${latest.updatedBy}. ${
          merged.overlaps.length ? `Both of you changed: ${merged.overlaps.join(', ')} (yours kept). ` : ''
        }Check them, then save.`
      )
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  const exportFile = async () => {
    if (!server) return
    const f = await call('dashboards:export', { uid: server.uid })
    downloadText(f.fileName, f.json, 'application/json')
  }
  const snapshot = async () => {
    if (!server) return
    setBusy(true)
    try {
      const s = await call('dashboards:snapshot', { uid: server.uid, expiresInDays: 7, vars })
      downloadText(s.fileName, s.html, 'text/html')
      setNotice(`Snapshot ${s.fileName} saved; it expires on ${new Date(s.expiresAt).toLocaleString()}.`)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const addPanel = (type: PanelType) => {
    const p = newPanel(draft.panels, type)
    setDraft({ ...draft, panels: [...draft.panels, p] })
    setSelected(p.id)
  }

  return (
    <div className="page dashboards-page">
      <PageHeader
        title={draft.title}
        subtitle={
          server
            ? `Version ${base} · saved by ${server.updatedBy} ${new Date(server.updatedAt).toLocaleString()}${draft.description ? ` · ${draft.description}` : ''}`
            : 'A new dashboard: add panels, then save it.'
        }
        actions={
          editing ? null : (
            <>
              <button className="primary" onClick={() => setEditing(true)}>
                Edit
              </button>
              <a className="button" href={href(`/dashboards/d/${server!.uid}/versions`)}>
                Versions
              </a>
              <button onClick={exportFile}>Export JSON</button>
              <button onClick={snapshot} disabled={busy}>
                Snapshot
              </button>
              <a className="button" href={href(`/dashboards/tv/${server!.uid}`)}>
                TV mode
              </a>
            </>
          )
        }
      />
      {server && <ProvisionedNote kind="dashboard" object={server.uid} />}
      <div className="toolbar dash-toolbar">
        <label className="inline">
          <span>Time range</span>
          <select value={draft.time.from} onChange={(e) => setDraft({ ...draft, time: { from: e.target.value, to: 'now' } })}>
            {TIME_RANGES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
            {!TIME_RANGES.some(([v]) => v === draft.time.from) && <option value={draft.time.from}>{draft.time.from}</option>}
          </select>
        </label>
        <label className="inline">
          <span>Refresh</span>
          <select value={draft.refreshS} onChange={(e) => setDraft({ ...draft, refreshS: Number(e.target.value) })}>
            {REFRESHES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
            {!REFRESHES.some(([v]) => v === draft.refreshS) && <option value={draft.refreshS}>{draft.refreshS} s</option>}
          </select>
        </label>
        <VariableBar variables={draft.variables} values={vars} onChange={(name, v) => setChosen({ ...chosen, [name]: v })} />
      </div>
      {notice && (
        <div className="notice notice-ok" role="status">
          <p>{notice}</p>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} title={stale ? 'Someone else saved this dashboard' : 'The dashboard was not saved'} />}
      {stale && (
        <div className="toolbar">
          <button className="primary" onClick={reload} disabled={busy}>
            Reload and re-apply my changes
          </button>
          <button className="danger" onClick={() => save(true)} disabled={busy}>
            Overwrite their version
          </button>
        </div>
      )}
      {editing && (
        <div className="card dash-edit-bar">
          <div className="form-row">
            <label className="inline grow">
              <span>Title</span>
              <input value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
            </label>
            <label className="inline grow">
              <span>Description</span>
              <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
            </label>
          </div>
          <VariablesEditor variables={draft.variables} onChange={(variables) => setDraft({ ...draft, variables })} />
          <div className="form-row">
            <label className="inline">
              <span>Add a panel</span>
              <select value="" onChange={(e) => e.target.value && addPanel(e.target.value as PanelType)} aria-label="Add a panel">
                <option value="">choose a type…</option>
                {PANEL_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {PANEL_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline grow">
              <span>Version message</span>
              <input value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What changed" />
            </label>
            <label className="inline">
              <span>Saved by</span>
              <input value={author} onChange={(e) => setAuthor(e.target.value)} placeholder="your name" size={12} />
            </label>
            <button className="primary" onClick={() => save(false)} disabled={busy}>
              Save
            </button>
            <button
              onClick={() => {
                if (!server) return navigate('/dashboards')
                setDraft(server.model)
                setBase(server.version)
                setEditing(false)
                setSelected(null)
                setError(null)
                setStale(false)
              }}
            >
              Cancel
            </button>
          </div>
          <p className="muted small">Drag a panel’s title bar to move it and its corner to resize it; click a title to edit the panel.</p>
        </div>
      )}
      <div className={`dash-layout${panel && editing ? ' with-editor' : ''}`}>
        {draft.panels.length === 0 ? (
          <div className="empty">
            <h3>No panels yet</h3>
            <p>
              {editing
                ? 'Add a panel above: a time series of uptime, a stat of spend, a log stream …'
                : 'Edit the dashboard to add panels.'}
            </p>
          </div>
        ) : (
          <PanelGrid
            model={draft}
            vars={vars}
            editing={editing}
            selected={editing ? selected : null}
            onSelect={setSelected}
            onPanels={(panels) => setDraft({ ...draft, panels })}
          />
        )}
        {panel && editing && (
          <PanelEditor
            panel={panel}
            onChange={(p) => setDraft({ ...draft, panels: draft.panels.map((x) => (x.id === p.id ? p : x)) })}
            onDelete={() => {
              setDraft({ ...draft, panels: draft.panels.filter((x) => x.id !== panel.id) })
              setSelected(null)
            }}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </div>
  )
}
