import type { LineHit } from '../../../../shared/contract/logs'
import { LEVEL_COLORS, pieces } from './lineMarks'

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
export function lineTime(ts: number): string {
  const d = new Date(ts)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
}

export function LevelPill({ level }: { level: string | undefined }) {
  const l = level ?? 'unknown'
  const color = LEVEL_COLORS[l] ?? LEVEL_COLORS.unknown
  return (
    <span className="log-level" style={{ borderColor: color, color }}>
      {l}
    </span>
  )
}

export function MarkedText({ line, marks }: { line: string; marks: [number, number][] }) {
  return <>{pieces(line, marks).map((p, i) => (p.marked ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>
}

/** Time, level, service and the text with its matches marked. */
export function LineRow({ hit }: { hit: LineHit }) {
  return (
    <>
      <span className="log-time mono">{lineTime(hit.ts)}</span>
      <LevelPill level={hit.labels.level} />
      <span className="log-service">{hit.labels.service ?? '—'}</span>
      <span className="log-text mono">
        <MarkedText line={hit.line} marks={hit.marks} />
      </span>
    </>
  )
}
