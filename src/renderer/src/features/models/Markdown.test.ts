import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { Markdown } from './Markdown'

describe('Markdown', () => {
  it('renders headings, lists, code and links, and never injects raw HTML', () => {
    const html = renderToStaticMarkup(createElement(Markdown, { text: '# Card\n\n- **bold** and `code`\n- [docs](https://example.com)\n\n<img src=x onerror=alert(1)>\n[bad](javascript:alert(1))' }))
    expect(html).toContain('<h3>Card</h3>')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('href="https://example.com"')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain('href="javascript')
  })
})
