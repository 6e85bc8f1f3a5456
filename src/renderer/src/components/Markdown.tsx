import { createElement, useMemo, type ReactNode } from 'react'
import { markdownTree, type MdNode } from './markdownTree'

function render(nodes: MdNode[], prefix = ''): ReactNode[] {
  return nodes.map((n, i) => {
    if (typeof n === 'string') return n
    const key = `${prefix}${i}`
    const extra = n.tag === 'a' ? { target: '_blank', rel: 'noopener noreferrer' } : {}
    return createElement(n.tag, { key, ...n.attrs, ...extra }, n.children.length ? render(n.children, `${key}.`) : undefined)
  })
}

/** Markdown (a runbook, a note) rendered safely: raw HTML shows as text, unsafe links lose their href. */
export function Markdown({ source, empty = 'Nothing written yet.' }: { source: string; empty?: string }) {
  const nodes = useMemo(() => markdownTree(source), [source])
  if (!source.trim()) return <p className="muted">{empty}</p>
  return <div className="markdown">{render(nodes)}</div>
}
