/** Runs a log query's stages over one line: line filters, `| json` / `| logfmt` extraction and label filters. */
import type { CompareOp, LabelFilterExpr, LogQuery, Matcher, Stage } from './ast'
import { parseDurationMs } from './durations'
import { compileRegex } from './parse'

export type Labels = Record<string, string>
/** The labels of a line that passes (stream labels plus extracted ones), or null when a stage drops it. */
export type Pipeline = (line: string, stream: Labels) => Labels | null

const CMP: Record<CompareOp, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b
}

/** A matcher as a predicate on a label value (absent labels are ""); regular expressions are anchored. */
export function matcherTest(m: Matcher): (v: string) => boolean {
  switch (m.op) {
    case '=':
      return (v) => v === m.value
    case '!=':
      return (v) => v !== m.value
    case '=~': {
      const re = compileRegex(m.value, true)
      return (v) => re.test(v)
    }
    case '!~': {
      const re = compileRegex(m.value, true)
      return (v) => !re.test(v)
    }
  }
}

/** Whether a stream's labels satisfy every matcher of a selector. */
export function selectorTest(matchers: Matcher[]): (labels: Labels) => boolean {
  const tests = matchers.map((m) => ({ label: m.label, test: matcherTest(m) }))
  return (labels) => tests.every((t) => t.test(labels[t.label] ?? ''))
}

function lineTest(s: Extract<Stage, { kind: 'line' }>): (line: string) => boolean {
  switch (s.op) {
    case '|=':
      return (l) => l.includes(s.value)
    case '!=':
      return (l) => !l.includes(s.value)
    case '|~': {
      const re = compileRegex(s.value, false)
      return (l) => re.test(l)
    }
    case '!~': {
      const re = compileRegex(s.value, false)
      return (l) => !re.test(l)
    }
  }
}

function labelTest(e: LabelFilterExpr): (labels: Labels) => boolean {
  switch (e.kind) {
    case 'and': {
      const a = labelTest(e.left)
      const b = labelTest(e.right)
      return (l) => a(l) && b(l)
    }
    case 'or': {
      const a = labelTest(e.left)
      const b = labelTest(e.right)
      return (l) => a(l) || b(l)
    }
    case 'match': {
      const t = matcherTest(e.matcher)
      return (l) => t(l[e.matcher.label] ?? '')
    }
    case 'number': {
      const cmp = CMP[e.op]
      return (l) => {
        const raw = l[e.label]
        if (raw === undefined || raw.trim() === '') return false
        const v = Number(raw)
        return Number.isFinite(v) && cmp(v, e.value)
      }
    }
    case 'duration': {
      const cmp = CMP[e.op]
      return (l) => {
        const raw = l[e.label]
        const ms = raw === undefined ? null : parseDurationMs(raw, 'go')
        return ms !== null && cmp(ms / 1000, e.seconds)
      }
    }
  }
}

/** Label names as Loki makes them: anything but letters, digits and _ becomes _, and a leading digit gets a _. */
export const sanitizeLabel = (k: string): string => {
  const s = k.replace(/[^A-Za-z0-9_]/g, '_')
  return /^[0-9]/.test(s) ? `_${s}` : s
}

function put(out: Labels, stream: Labels, key: string, value: string): void {
  const k = sanitizeLabel(key)
  if (k === '') return
  out[k in stream ? `${k}_extracted` : k] = value
}

/** `| json`: top-level and nested fields (joined with _); arrays are skipped; a line that is not an object sets __error__. */
export function extractJson(line: string, stream: Labels, out: Labels): void {
  let v: unknown
  try {
    v = JSON.parse(line)
  } catch {
    out.__error__ = 'JSONParserErr'
    return
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    out.__error__ = 'JSONParserErr'
    return
  }
  const walk = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [k, val] of Object.entries(obj)) {
      const key = prefix ? `${prefix}_${k}` : k
      if (val === null || val === undefined || Array.isArray(val)) continue
      if (typeof val === 'object') walk(val as Record<string, unknown>, key)
      else put(out, stream, key, String(val))
    }
  }
  walk(v as Record<string, unknown>, '')
}

/** logfmt pairs: `key=value`, `key="quoted \" value"`, bare `key` (empty value). */
export function logfmtPairs(line: string): [string, string][] | null {
  const out: [string, string][] = []
  let i = 0
  const n = line.length
  while (i < n) {
    while (i < n && line[i] === ' ') i++
    if (i >= n) break
    let k = ''
    while (i < n && line[i] !== '=' && line[i] !== ' ' && line[i] !== '"') k += line[i++]
    if (line[i] === '"') return null
    if (k === '') {
      i++
      continue
    }
    if (line[i] !== '=') {
      out.push([k, ''])
      continue
    }
    i++
    let v = ''
    if (line[i] === '"') {
      i++
      while (i < n && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < n) {
          const c = line[i + 1]!
          v += c === 'n' ? '\n' : c === 't' ? '\t' : c
          i += 2
        } else v += line[i++]
      }
      if (i >= n) return null
      i++
    } else while (i < n && line[i] !== ' ') v += line[i++]
    out.push([k, v])
  }
  return out
}

export function extractLogfmt(line: string, stream: Labels, out: Labels): void {
  const pairs = logfmtPairs(line)
  if (!pairs) {
    out.__error__ = 'LogfmtParserErr'
    return
  }
  for (const [k, v] of pairs) put(out, stream, k, v)
}

/** Compiles a log query's stages once; the result is called per line. */
export function compilePipeline(q: LogQuery): Pipeline {
  const steps: ((line: string, labels: Labels, stream: Labels) => Labels | null)[] = []
  let copied = false
  for (const s of q.stages) {
    if (s.kind === 'line') {
      const t = lineTest(s)
      steps.push((line, labels) => (t(line) ? labels : null))
    } else if (s.kind === 'parser') {
      const first = !copied
      copied = true
      const extract = s.parser === 'json' ? extractJson : extractLogfmt
      steps.push((line, labels, stream) => {
        const out = first ? { ...labels } : labels
        extract(line, stream, out)
        return out
      })
    } else {
      const t = labelTest(s.filter)
      steps.push((_line, labels) => (t(labels) ? labels : null))
    }
  }
  return (line, stream) => {
    let labels: Labels | null = stream
    for (const step of steps) {
      labels = step(line, labels, stream)
      if (labels === null) return null
    }
    return labels
  }
}

/** Whether the query needs each line's text beyond what an index can answer (any stage at all). */
export const hasStages = (q: LogQuery): boolean => q.stages.length > 0
/** The positive substring filters (`|= "x"`), usable to narrow candidates through the trigram index. */
export const requiredSubstrings = (q: LogQuery): string[] =>
  q.stages.filter((s): s is Extract<Stage, { kind: 'line' }> => s.kind === 'line' && s.op === '|=').map((s) => s.value)
