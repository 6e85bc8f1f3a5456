import { useEffect, useRef, useState } from 'react'

/** Is the person typing (an input, a select, an editable area)? Then single-key shortcuts stay out of the way. */
const typing = (el: Element | null): boolean =>
  !!el &&
  (el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el as HTMLElement).isContentEditable)

/** Move focus to the page's heading (so a screen reader says where it is), unless the person is already in the page. */
export function focusHeading(force = false): void {
  // the page still loading: its main region stands in for the heading
  const h1 = document.querySelector<HTMLElement>('#content h1') ?? (force ? document.getElementById('content') : null)
  if (!h1) return
  const active = document.activeElement
  const inPage = active && active !== document.body && document.getElementById('content')?.contains(active)
  // never take focus from the page itself, a text field (the palette's) or an open dialog
  if (!force && (inPage || typing(active) || document.querySelector('[role="dialog"]'))) return
  const focus = (el: HTMLElement): void => {
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1')
    el.focus({ preventScroll: true })
  }
  focus(h1)
  // a page that re-renders its header as its data arrives replaces the h1: keep focus on the heading for a moment
  const content = document.getElementById('content')
  if (!content) return
  const keep = new MutationObserver(() => {
    const now = document.querySelector<HTMLElement>('#content h1')
    if (now && now !== document.activeElement && (document.activeElement === document.body || !document.activeElement)) focus(now)
  })
  keep.observe(content, { childList: true, subtree: true })
  // until the person does something (or 10 s)
  const stop = (): void => {
    keep.disconnect()
    window.removeEventListener('pointerdown', stop, true)
    window.removeEventListener('keydown', stop, true)
  }
  window.addEventListener('pointerdown', stop, true)
  window.addEventListener('keydown', stop, true)
  window.setTimeout(stop, 10_000)
}

/** After a navigation (not the first page shown): wait for the new page's heading (pages load their data first), then focus it. */
export function useFocusHeadingOn(path: string): void {
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    let tries = 0
    let timer = 0
    const before = document.querySelector('#content h1')
    const attempt = (): void => {
      const h1 = document.querySelector('#content h1')
      if (h1 && (h1 !== before || tries > 3)) return focusHeading()
      if (tries++ < 40) timer = window.setTimeout(attempt, 50)
    }
    timer = window.setTimeout(attempt, 0)
    return () => window.clearTimeout(timer)
  }, [path])
}

/** A link, first in the tab order, that jumps over the sidebar and the top bar to the page. */
export function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#content"
      onClick={(e) => {
        e.preventDefault() // the router owns the hash
        focusHeading(true)
      }}
    >
      Skip to content
    </a>
  )
}

export const SHORTCUTS: [string, string][] = [
  ['Ctrl K / ⌘ K', 'Open the command palette: pages, services, rules, models, budgets … and the theme'],
  ['?', 'Show this list of shortcuts'],
  ['Esc', 'Close the palette or this list'],
  ['↑ ↓ Enter', 'Move through the palette’s results and open one'],
  ['Tab (first)', 'Skip to content: past the sidebar to the page heading']
]

/** `?` (outside a text field) lists the keyboard shortcuts. */
export function ShortcutList() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(document.activeElement)) {
        e.preventDefault()
        setOpen((o) => !o)
      } else if (e.key === 'Escape') setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  if (!open) return null
  return (
    <div className="palette-backdrop" onClick={() => setOpen(false)}>
      <div
        className="palette shortcut-list"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <h2>Keyboard shortcuts</h2>
        <dl>
          {SHORTCUTS.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button type="button" autoFocus onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  )
}
