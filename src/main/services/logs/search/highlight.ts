/** Where to mark a line: [start, end) ranges in UTF-16 units, sorted and merged. */
import type { LogQuery } from '../../../../shared/logs/logql/ast'
import { compileRegex } from '../../../../shared/logs/logql/parse'
import type { TextQuery } from './text'

export type Ranges = [number, number][]

function merge(r: Ranges): Ranges {
  r.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Ranges = []
  for (const x of r) {
    const last = out[out.length - 1]
    if (last && x[0] <= last[1]) last[1] = Math.max(last[1], x[1])
    else out.push([x[0], x[1]])
  }
  return out
}

const MAX_MARKS = 200
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function allMatches(line: string, re: RegExp, out: Ranges): void {
  re.lastIndex = 0
  for (let m = re.exec(line); m && out.length < MAX_MARKS; m = re.exec(line)) {
    if (m[0].length === 0) {
      re.lastIndex++
      continue
    }
    out.push([m.index, m.index + m[0].length])
  }
}

/** A highlighter for the line filters of a LogQL query (`|=` exact text, `|~` its matches). */
export function logqlMarker(q: LogQuery): (line: string) => Ranges {
  const res: RegExp[] = []
  for (const s of q.stages) {
    if (s.kind !== 'line' || s.value === '') continue
    if (s.op === '|=') res.push(new RegExp(escape(s.value), 'g'))
    else if (s.op === '|~') {
      const r = compileRegex(s.value, false)
      res.push(new RegExp(r.source, `${r.flags}g`))
    }
  }
  return (line) => {
    const out: Ranges = []
    for (const re of res) allMatches(line, re, out)
    return merge(out)
  }
}

/** A highlighter for plain search text: words (case-insensitive, whole or as prefixes) or the substring. */
export function textMarker(q: TextQuery): (line: string) => Ranges {
  const res =
    q.mode === 'substring'
      ? [new RegExp(escape(q.text), 'giu')]
      : q.marks.map(
          (m) =>
            new RegExp(
              `(?<![\\p{L}\\p{N}_])${m.text
                .split(/[^\p{L}\p{N}_]+/u)
                .filter(Boolean)
                .map(escape)
                .join('[^\\p{L}\\p{N}_]+')}${m.prefix ? '[\\p{L}\\p{N}_]*' : '(?![\\p{L}\\p{N}_])'}`,
              'giu'
            )
        )
  return (line) => {
    const out: Ranges = []
    for (const re of res) allMatches(line, re, out)
    return merge(out)
  }
}
