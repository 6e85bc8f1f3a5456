import { useEffect, useState } from 'react'
import { navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { currentVars } from './draft'
import { PanelGrid } from './PanelGrid'

const CYCLE_OPTIONS = [15, 30, 60, 120] as const

/** Full screen, no chrome: the dashboards one after another (starting at `uid`), each for a while. */
export function TvPage({ uid }: { uid: string | undefined }) {
  const list = useChannel('dashboards:list')
  const [seconds, setSeconds] = useState<number>(30)
  const [index, setIndex] = useState(0)
  const uids = (list.data ?? []).map((d) => d.uid)
  const start = uid ? Math.max(0, uids.indexOf(uid)) : 0
  const current = uids.length ? uids[(start + index) % uids.length]! : null

  useEffect(() => {
    document.body.classList.add('tv-mode')
    const exit = (e: KeyboardEvent) => e.key === 'Escape' && navigate(uid ? `/dashboards/d/${uid}` : '/dashboards')
    window.addEventListener('keydown', exit)
    return () => {
      document.body.classList.remove('tv-mode')
      window.removeEventListener('keydown', exit)
    }
  }, [uid])
  useEffect(() => {
    const t = setInterval(() => setIndex((i) => i + 1), seconds * 1000)
    return () => clearInterval(t)
  }, [seconds])

  if (list.error) return <ErrorNotice error={list.error} />
  if (!list.data) return <Loading what="dashboards" />
  if (!current) return <EmptyState title="No dashboards to show">Create a dashboard first.</EmptyState>
  return (
    <div className="tv-page">
      <div className="tv-bar">
        <span>
          {((start + index) % uids.length) + 1} / {uids.length}
        </span>
        <label className="inline">
          <span>Next every</span>
          <select value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
            {CYCLE_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {s} s
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => setIndex((i) => i + 1)}>Next</button>
        <button onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>Full screen</button>
        <button onClick={() => navigate(uid ? `/dashboards/d/${uid}` : '/dashboards')}>Exit TV mode (Esc)</button>
      </div>
      <TvDashboard key={current} uid={current} />
    </div>
  )
}

function TvDashboard({ uid }: { uid: string }) {
  const d = useChannel('dashboards:get', { uid })
  if (d.error) return <ErrorNotice error={d.error} />
  if (!d.data) return <Loading what="the dashboard" />
  const model = { ...d.data.model, refreshS: d.data.model.refreshS || 30 }
  return (
    <>
      <h1 className="tv-title">{model.title}</h1>
      <PanelGrid model={model} vars={currentVars(model, {})} editing={false} selected={null} />
    </>
  )
}
