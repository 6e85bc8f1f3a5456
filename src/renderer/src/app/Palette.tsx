import { useEffect, useMemo, useRef, useState } from 'react'
import { useChannel } from '../lib/queries'
import { PALETTE_ACTIONS } from './modules'
import { pageEntries, paletteItems, themeCommands, type PaletteEntry } from './paletteItems'
import { navigate } from './router'
import { useUi } from './store'

type Item = PaletteEntry

const FIXED: Item[] = [...pageEntries(PALETTE_ACTIONS), ...themeCommands((t) => useUi.getState().setTheme(t))]

/** Ctrl/Cmd+K: jump to any page or object the service layer knows. */
export function Palette() {
  const { paletteOpen, setPaletteOpen } = useUi()

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault()
        setPaletteOpen(!useUi.getState().paletteOpen)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [setPaletteOpen])

  return paletteOpen ? <PaletteDialog close={() => setPaletteOpen(false)} /> : null
}

/** Mounted fresh on every open, so the query starts empty and the input has focus at once. */
function PaletteDialog({ close }: { close: () => void }) {
  const [query, setQuery] = useState('')
  const [cursor, setCursor] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const objects = useChannel('palette:search', { query, limit: 20 }, { enabled: query.trim().length > 0 })
  useEffect(() => input.current?.focus(), [])

  const items = useMemo(() => paletteItems(query, FIXED, objects.data ?? []), [query, objects.data])

  const choose = (item: Item | undefined): void => {
    if (!item) return
    if (item.run) item.run()
    else navigate(item.route)
    close()
  }
  return (
    <div className="palette-backdrop" onClick={close}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" onClick={(e) => e.stopPropagation()}>
        <input
          ref={input}
          autoFocus
          value={query}
          placeholder="Jump to a page, service, model…"
          aria-label="Search"
          onChange={(e) => {
            setQuery(e.target.value)
            setCursor(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, items.length - 1))
            else if (e.key === 'ArrowUp') setCursor((c) => Math.max(c - 1, 0))
            else if (e.key === 'Enter') choose(items[cursor])
            else if (e.key === 'Escape') close()
            else return
            e.preventDefault()
          }}
        />
        <ul role="listbox">
          {items.length === 0 && <li className="palette-empty">Nothing matches “{query}”.</li>}
          {items.map((item, i) => (
            <li
              key={item.key}
              role="option"
              aria-selected={i === cursor}
              className={i === cursor ? 'selected' : ''}
              onMouseEnter={() => setCursor(i)}
              onClick={() => choose(item)}
            >
              <span className="palette-kind">{item.kind}</span>
              <span className="palette-title">{item.title}</span>
              {item.subtitle && <span className="palette-sub">{item.subtitle}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
