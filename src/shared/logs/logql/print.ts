/** A syntax tree back to LogQL text (for connectors that run a derived query, e.g. a histogram, on Loki). */
import type { LabelFilterExpr, LogQuery, Query } from './ast'
import { formatRange } from './durations'

const str = (s: string): string => JSON.stringify(s)

function labelFilter(e: LabelFilterExpr): string {
  switch (e.kind) {
    case 'and':
      return `${labelFilter(e.left)} and ${labelFilter(e.right)}`
    case 'or':
      return `(${labelFilter(e.left)} or ${labelFilter(e.right)})`
    case 'match':
      return `${e.matcher.label}${e.matcher.op}${str(e.matcher.value)}`
    case 'number':
      return `${e.label} ${e.op} ${e.value}`
    case 'duration':
      return `${e.label} ${e.op} ${formatRange(e.seconds * 1000)}`
  }
}

export function printLogQuery(q: LogQuery): string {
  const sel = `{${q.matchers.map((m) => `${m.label}${m.op}${str(m.value)}`).join(', ')}}`
  const stages = q.stages.map((s) =>
    s.kind === 'line' ? `${s.op} ${str(s.value)}` : s.kind === 'parser' ? `| ${s.parser}` : `| ${labelFilter(s.filter)}`
  )
  return [sel, ...stages].join(' ')
}

export function printLogQL(q: Query): string {
  if (q.type === 'log') return printLogQuery(q)
  if (q.type === 'range') return `${q.fn}(${printLogQuery(q.query)} [${formatRange(q.rangeMs)}])`
  const g = q.grouping ? ` ${q.grouping.mode} (${q.grouping.labels.join(', ')})` : ''
  return `sum${g} (${printLogQL(q.inner)})`
}
