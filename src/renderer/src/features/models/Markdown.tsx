import type { ReactNode } from 'react'

/**
 * A small, safe markdown renderer: headings, paragraphs, lists, code blocks, inline code, bold, italics and
 * http(s) links. It builds React elements only — raw HTML in the text is shown as text, never injected.
 */
export function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = []
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  let i = 0
  let key = 0
  while (i < lines.length) {
    const line = lines[i]!
    if (line.startsWith('```')) {
      const code: string[] = []
      i++
      while (i < lines.length && !lines[i]!.startsWith('```')) code.push(lines[i++]!)
      i++
      blocks.push(<pre key={key++}><code>{code.join('\n')}</code></pre>)
      continue
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line)
    if (h) {
      const level = Math.min(h[1]!.length + 2, 6)
      const Tag = `h${level}` as 'h3'
      blocks.push(<Tag key={key++}>{inline(h[2]!)}</Tag>)
      i++
      continue
    }
    if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line)
      const items: ReactNode[] = []
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i]!)) items.push(<li key={items.length}>{inline(lines[i++]!.replace(/^\s*([-*]|\d+\.)\s+/, ''))}</li>)
      blocks.push(ordered ? <ol key={key++}>{items}</ol> : <ul key={key++}>{items}</ul>)
      continue
    }
    if (!line.trim()) {
      i++
      continue
    }
    const para: string[] = []
    while (i < lines.length && lines[i]!.trim() && !/^(#{1,4}\s|```|\s*([-*]|\d+\.)\s)/.test(lines[i]!)) para.push(lines[i++]!)
    blocks.push(<p key={key++}>{inline(para.join(' '))}</p>)
  }
  return <div className="markdown">{blocks}</div>
}

function inline(s: string): ReactNode[] {
  const out: ReactNode[] = []
  const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*]+\*|_[^_]+_)|(\[([^\]]+)\]\((https?:\/\/[^\s)]+)\))/g
  let last = 0
  let m: RegExpExecArray | null
  let k = 0
  while ((m = re.exec(s))) {
    if (m.index > last) out.push(s.slice(last, m.index))
    if (m[1]) out.push(<code key={k++}>{m[1].slice(1, -1)}</code>)
    else if (m[2]) out.push(<strong key={k++}>{m[2].slice(2, -2)}</strong>)
    else if (m[3]) out.push(<em key={k++}>{m[3].slice(1, -1)}</em>)
    else if (m[4])
      out.push(
        <a key={k++} href={m[6]} target="_blank" rel="noreferrer noopener">
          {m[5]}
        </a>
      )
    last = m.index + m[0].length
  }
  if (last < s.length) out.push(s.slice(last))
  return out
}
