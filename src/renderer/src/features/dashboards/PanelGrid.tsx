import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import { PANEL_TYPE_LABELS, type DashboardModel, type DashboardPanel } from '../../../../shared/contract/dashboards'
import { GAP_PX, moved, resized, ROW_PX, settle } from './layout'
import { PanelView } from './PanelView'

interface Drag {
  id: string
  kind: 'move' | 'resize'
  x0: number
  y0: number
  dx: number
  dy: number
}

interface Props {
  model: DashboardModel
  vars: Record<string, string>
  editing: boolean
  selected: string | null
  onSelect?: (id: string) => void
  onPanels?: (panels: DashboardPanel[]) => void
}

/** The dashboard's panels on a 12-column CSS grid; while editing, drag a title bar to move and the corner to resize. */
export function PanelGrid({ model, vars, editing, selected, onSelect, onPanels }: Props) {
  const grid = useRef<HTMLDivElement>(null)
  const [drag, setDrag] = useState<Drag | null>(null)
  const width = () => grid.current?.clientWidth ?? 1200

  const boxOf = (p: DashboardPanel): DashboardPanel => {
    if (!drag || drag.id !== p.id) return p
    return { ...p, ...(drag.kind === 'move' ? moved(p, drag.dx, drag.dy, width()) : resized(p, drag.dx, drag.dy, width())) }
  }
  const commit = (id: string, next: DashboardPanel) =>
    onPanels?.(
      settle(
        model.panels.map((p) => (p.id === id ? next : p)),
        id
      )
    )

  const start = (p: DashboardPanel, kind: Drag['kind']) => (e: PointerEvent) => {
    if (!editing || e.button !== 0) return
    e.preventDefault()
    ;(e.target as HTMLElement).setPointerCapture(e.pointerId)
    setDrag({ id: p.id, kind, x0: e.clientX, y0: e.clientY, dx: 0, dy: 0 })
  }
  const move = (e: PointerEvent) => drag && setDrag({ ...drag, dx: e.clientX - drag.x0, dy: e.clientY - drag.y0 })
  const end = () => {
    if (!drag) return
    const p = model.panels.find((x) => x.id === drag.id)
    setDrag(null)
    // a press without a move is a click: it selects the panel (opening its settings changes the grid's width)
    if (p && drag.dx === 0 && drag.dy === 0) onSelect?.(p.id)
    else if (p) commit(p.id, boxOf(p))
  }
  /** Arrow keys move the panel a cell; with Shift they resize it. */
  const key = (p: DashboardPanel) => (e: KeyboardEvent) => {
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key]
    if (!editing || !d) return
    e.preventDefault()
    const col = (width() + GAP_PX) / 12
    const step = [d[0]! * col, d[1]! * (ROW_PX + GAP_PX)] as const
    commit(p.id, { ...p, ...(e.shiftKey ? resized(p, step[0], step[1], width()) : moved(p, step[0], step[1], width())) })
  }

  return (
    <div className={`dash-grid${editing ? ' editing' : ''}`} ref={grid} onPointerMove={move} onPointerUp={end} onPointerCancel={end}>
      {model.panels.map((raw) => {
        const p = boxOf(raw)
        return (
          <section
            key={p.id}
            className={`dash-panel${selected === p.id ? ' selected' : ''}${drag?.id === p.id ? ' dragging' : ''}`}
            style={{ gridColumn: `${p.x + 1} / span ${p.w}`, gridRow: `${p.y + 1} / span ${p.h}` }}
            aria-label={p.title || PANEL_TYPE_LABELS[p.type]}
            data-panel={p.id}
          >
            <header
              className="dash-panel-head"
              onPointerDown={start(raw, 'move')}
              onKeyDown={key(raw)}
              tabIndex={editing ? 0 : undefined}
              role={editing ? 'button' : undefined}
              aria-label={editing ? `Move or select ${p.title || p.id} (arrow keys move, Shift+arrows resize)` : undefined}
            >
              <h3>{p.title || <span className="muted">{PANEL_TYPE_LABELS[p.type]}</span>}</h3>
              {p.unit && <span className="muted small">{p.unit}</span>}
            </header>
            <div className="dash-panel-body">
              <PanelView
                panel={raw}
                time={model.time}
                vars={vars}
                refreshS={model.refreshS}
                height={Math.max(60, p.h * (ROW_PX + GAP_PX) - 52)}
              />
            </div>
            {editing && <span className="dash-resize" onPointerDown={start(raw, 'resize')} aria-hidden="true" title="Drag to resize" />}
          </section>
        )
      })}
    </div>
  )
}
