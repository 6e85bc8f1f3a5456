import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from './Markdown'

const html = (source: string, props: { empty?: string; headingOffset?: number } = {}): string =>
  renderToStaticMarkup(createElement(Markdown, { source, ...props }))

describe('Markdown', () => {
  it('renders headings, lists, code and links, and never injects raw HTML', () => {
    const out = html(
      '# Card\n\n- **bold** and `code`\n- [docs](https://example.com)\n\n<img src=x onerror=alert(1)>\n[bad](javascript:alert(1))'
    )
    expect(out).toContain('<h1>Card</h1>')
    expect(out).toContain('<strong>bold</strong>')
    expect(out).toContain('<code>code</code>')
    expect(out).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">docs</a>')
    expect(out).not.toContain('<img')
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(out).not.toContain('href="javascript')
  })

  it('shifts headings under a page’s own outline (a model card inside a card)', () => {
    const out = html('# Card\n\n## Intended use\n\n###### deep', { headingOffset: 2 })
    expect(out).toContain('<h3>Card</h3>')
    expect(out).toContain('<h4>Intended use</h4>')
    expect(out).toContain('<h6>deep</h6>')
    expect(out).not.toContain('<h1')
  })

  it('says what belongs there when the source is blank', () => {
    expect(html('  \n', { empty: 'No card yet.' })).toBe('<p class="muted">No card yet.</p>')
    expect(html('')).toContain('Nothing written yet.')
  })
})
