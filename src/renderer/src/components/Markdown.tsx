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

interface MarkdownProps {
  source: string
  /** Shown (muted) when the source is blank: say what belongs here and how to add it. */
  empty?: string
  /** Shift heading levels, e.g. 2 renders `# Intended use` as an h3 inside a card under the page's h1 and the card's h2. */
  headingOffset?: number
}

/** Markdown (a runbook, a note, a model card) rendered safely: raw HTML shows as text, unsafe links lose their href, images are not loaded. */
export function Markdown({ source, empty = 'Nothing written yet.', headingOffset = 0 }: MarkdownProps) {
  const nodes = useMemo(() => markdownTree(source, { headingOffset }), [source, headingOffset])
  if (!source.trim()) return <p className="muted">{empty}</p>
  return <div className="markdown">{render(nodes)}</div>
}
