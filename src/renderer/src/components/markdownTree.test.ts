import { describe, expect, it } from 'vitest'
import { markdownTree, type MdNode } from './markdownTree'

const text = (nodes: MdNode[]): string => nodes.map((n) => (typeof n === 'string' ? n : text(n.children))).join('')
const find = (nodes: MdNode[], tag: string): Exclude<MdNode, string>[] =>
  nodes.flatMap((n) => (typeof n === 'string' ? [] : [...(n.tag === tag ? [n] : []), ...find(n.children, tag)]))

describe('markdownTree', () => {
  it('builds headings, lists, emphasis and code', () => {
    const tree = markdownTree('# Restart\n\n1. Check **pods**\n2. Run `kubectl rollout restart`\n\n```\nexit 0\n```')
    expect(find(tree, 'h1').map((h) => text(h.children))).toEqual(['Restart'])
    expect(find(tree, 'li')).toHaveLength(2)
    expect(find(tree, 'strong').map((s) => text(s.children))).toEqual(['pods'])
    expect(find(tree, 'code').map((c) => text(c.children))).toEqual(['kubectl rollout restart', 'exit 0\n'])
    expect(find(tree, 'p')).toHaveLength(0) // tight list items carry no paragraph
  })

  it('keeps raw HTML as text', () => {
    const tree = markdownTree('<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>')
    expect(find(tree, 'script')).toHaveLength(0)
    expect(find(tree, 'img')).toHaveLength(0)
    expect(text(tree)).toContain('<script>alert(1)</script>')
    expect(text(tree)).toContain('<img src=x onerror=alert(1)>')
  })

  it('keeps http links and drops unsafe ones', () => {
    const tree = markdownTree('[docs](https://example.com/run) [bad](javascript:alert(1)) [f](file:///etc/passwd)')
    const links = find(tree, 'a')
    expect(links).toHaveLength(1)
    expect(links[0]!.attrs).toEqual({ href: 'https://example.com/run' })
  })

  it('does not load images', () => {
    const tree = markdownTree('![graph](https://tracker.example/pixel.png)')
    expect(find(tree, 'img')).toHaveLength(0)
    expect(text(tree)).toBe('[image: graph]')
  })

  it('shifts heading levels on request, capped at h6', () => {
    const tree = markdownTree('# A\n\n### B\n\n##### C', { headingOffset: 2 })
    expect(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => find(tree, h).map((n) => text(n.children)))).toEqual([
      [],
      [],
      ['A'],
      [],
      ['B'],
      ['C']
    ])
    expect(find(markdownTree('# A'), 'h1')).toHaveLength(1)
  })
})
