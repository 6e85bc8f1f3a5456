/**
 * Reads a /metrics page: Prometheus text format 0.0.4 and OpenMetrics 1.0 (HELP/TYPE/UNIT lines, label escapes,
 * NaN and ±Inf, optional timestamps — milliseconds in 0.0.4, seconds in OpenMetrics —, exemplars after " # ",
 * "# EOF"). Each bad line is named with its number; a page with errors is refused whole, as Prometheus does.
 */
import { parseFloatLabel } from './promql/functions'
import type { Labels } from './promql/values'

export interface ScrapedSample {
  labels: Labels
  value: number
  /** ms, when the page gave one */
  t: number | null
}

export interface ScrapedPage {
  format: 'prometheus' | 'openmetrics'
  samples: ScrapedSample[]
  types: Record<string, string>
}

export class ExpositionError extends Error {}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/

function parseLabels(line: string, pos: number, lineNo: number): [Labels, number] {
  const labels: Labels = {}
  let i = pos + 1
  for (;;) {
    while (line[i] === ' ') i++
    if (line[i] === '}') return [labels, i + 1]
    const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(i))
    if (!m) throw new ExpositionError(`line ${lineNo}: bad label name at column ${i + 1}`)
    i += m[0].length
    while (line[i] === ' ') i++
    if (line[i] !== '=' || line[i + 1] !== '"') throw new ExpositionError(`line ${lineNo}: expected ="value" after label ${m[0]}`)
    i += 2
    let value = ''
    for (;;) {
      const c = line[i]
      if (c === undefined) throw new ExpositionError(`line ${lineNo}: unterminated label value of ${m[0]}`)
      if (c === '"') break
      if (c === '\\') {
        const n = line[i + 1]
        value += n === 'n' ? '\n' : n === '"' ? '"' : n === '\\' ? '\\' : `\\${n ?? ''}`
        i += 2
        continue
      }
      value += c
      i++
    }
    labels[m[0]] = value
    i++
    while (line[i] === ' ') i++
    if (line[i] === ',') i++
  }
}

function parseNumber(text: string, what: string, lineNo: number): number {
  const v = parseFloatLabel(text)
  if (Number.isNaN(v) && text.toLowerCase() !== 'nan') throw new ExpositionError(`line ${lineNo}: ${what} "${text}" is not a number`)
  return v
}

export function parseExposition(body: string, contentType = ''): ScrapedPage {
  const openmetrics = contentType.includes('openmetrics') || /^# EOF\s*$/m.test(body)
  const samples: ScrapedSample[] = []
  const types: Record<string, string> = {}
  const lines = body.split('\n')
  let ended = false
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\r$/, '')
    const lineNo = n + 1
    if (ended && line.trim() !== '') throw new ExpositionError(`line ${lineNo}: content after # EOF`)
    if (line.trim() === '') continue
    if (line.startsWith('#')) {
      if (/^# EOF\s*$/.test(line)) ended = true
      const t = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line)
      if (t) types[t[1]!] = t[2]!
      continue
    }
    const nm = NAME.exec(line)
    if (!nm) throw new ExpositionError(`line ${lineNo}: expected a metric name`)
    let labels: Labels = { __name__: nm[0] }
    let i = nm[0].length
    if (line[i] === '{') {
      const [l, next] = parseLabels(line, i, lineNo)
      labels = { __name__: nm[0], ...l }
      i = next
    }
    const rest = line.slice(i).split(' # ')[0]!.trim().split(/\s+/)
    if (!rest[0]) throw new ExpositionError(`line ${lineNo}: ${nm[0]} has no value`)
    const value = parseNumber(rest[0], 'value', lineNo)
    let t: number | null = null
    if (rest[1] !== undefined) {
      const ts = parseNumber(rest[1], 'timestamp', lineNo)
      t = openmetrics ? Math.round(ts * 1000) : ts
    }
    samples.push({ labels, value, t })
  }
  if (openmetrics && !ended) throw new ExpositionError('OpenMetrics page does not end with # EOF')
  return { format: openmetrics ? 'openmetrics' : 'prometheus', samples, types }
}
