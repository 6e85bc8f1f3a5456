import MarkdownIt from 'markdown-it'

/** A rendered Markdown node: an element from a fixed set of tags with allowed attributes, or text. */
export type MdNode = string | { tag: string; attrs: Record<string, string>; children: MdNode[] }
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number]

// html: false escapes raw HTML into text; markdown-it's validateLink drops javascript:, vbscript:, file: and data: links.
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

const TAGS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  's',
  'a',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td'
])
const ATTRS: Record<string, string[]> = { a: ['href', 'title'], ol: ['start'] }
const SAFE_HREF = /^(https?:|mailto:|#)/i

function attrsOf(token: Token): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of token.attrs ?? []) if (ATTRS[token.tag]?.includes(name)) out[name] = String(value)
  if (out.href !== undefined && !SAFE_HREF.test(out.href)) delete out.href
  return out
}

const element = (tag: string, attrs: Record<string, string> = {}, children: MdNode[] = []): MdNode => ({
  tag: TAGS.has(tag) ? tag : 'span',
  attrs,
  children
})

export interface MarkdownOptions {
  /** Render `#` as h(1 + offset), and so on, capped at h6: text embedded under a page's own h1/h2 keeps the outline. */
  headingOffset?: number
}

const shifted = (tag: string, offset: number): string => (offset && /^h[1-6]$/.test(tag) ? `h${Math.min(6, Number(tag[1]) + offset)}` : tag)

/** Builds a tree from markdown-it's flat token stream: `_open` pushes, `_close` pops, the rest are leaves. */
function build(tokens: Token[], root: MdNode[], offset = 0): MdNode[] {
  const stack: MdNode[][] = [root]
  const top = (): MdNode[] => stack[stack.length - 1]!
  for (const t of tokens) {
    if (t.nesting === 1) {
      if (t.hidden) continue // paragraphs in tight lists
      const el = element(shifted(t.tag, offset), attrsOf(t))
      top().push(el)
      stack.push((el as { children: MdNode[] }).children)
    } else if (t.nesting === -1) {
      if (!t.hidden && stack.length > 1) stack.pop()
    } else if (t.type === 'inline') build(t.children ?? [], top(), offset)
    else if (t.type === 'text' || t.type === 'html_inline' || t.type === 'html_block') top().push(t.content)
    else if (t.type === 'code_inline') top().push(element('code', {}, [t.content]))
    else if (t.type === 'fence' || t.type === 'code_block') top().push(element('pre', {}, [element('code', {}, [t.content])]))
    else if (t.type === 'softbreak') top().push('\n')
    else if (t.type === 'hardbreak') top().push(element('br'))
    else if (t.type === 'hr') top().push(element('hr'))
    else if (t.type === 'image') top().push(`[image: ${t.content || (t.attrGet('src') ?? '')}]`) // no remote fetches from a runbook
  }
  return root
}

/** Markdown → a tree of whitelisted elements; never HTML strings, so nothing needs dangerouslySetInnerHTML. */
export const markdownTree = (source: string, options: MarkdownOptions = {}): MdNode[] =>
  build(md.parse(source, {}), [], Math.max(0, Math.trunc(options.headingOffset ?? 0)))
