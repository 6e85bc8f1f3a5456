/**
 * Where a YAML problem is: line, column and field. Every area that reads YAML (services, alert rules, feature views)
 * reports its problems this way, so the provisioned folder can name file:line:column and field for each.
 */
import { isMap, isScalar, type Document, type LineCounter } from 'yaml'
import { AppError } from '../../shared/errors'

export interface YamlIssue {
  line: number
  column: number
  /** The YAML path, `services[0].checks[1].interval`; '' for a syntax error. */
  field: string
  message: string
}

/** A VALIDATION error that carries its positioned issues (the message keeps the area's own wording). */
export class YamlError extends AppError {
  constructor(
    field: string,
    message: string,
    readonly at: YamlIssue[]
  ) {
    super('VALIDATION', message, field)
  }
}

export const showPath = (p: readonly (string | number)[]): string =>
  p.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('')

/** Line and column of the field at `path` (its key, for a named field), or of its nearest parent that exists. */
export function positionOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): { line: number; column: number } {
  let at = [...path]
  for (;;) {
    const last = at[at.length - 1]
    if (typeof last === 'string') {
      const parent = at.length > 1 ? doc.getIn(at.slice(0, -1), true) : doc.contents
      const key = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === last)?.key : undefined
      if (isScalar(key) && key.range) return posAt(lines, key.range[0])
    }
    const node = (at.length ? doc.getIn(at, true) : doc.contents) as { range?: [number, number] } | undefined | null
    if (node?.range) return posAt(lines, node.range[0])
    if (!at.length) return { line: 1, column: 1 }
    at = at.slice(0, -1)
  }
}

export function posAt(lines: LineCounter, offset: number | undefined): { line: number; column: number } {
  if (offset === undefined) return { line: 1, column: 1 }
  const p = lines.linePos(offset)
  return { line: p.line, column: p.col }
}

/** "line 3: services[0].name: must not be empty" — the wording areas have always used. */
export const issueText = (i: YamlIssue): string => `line ${i.line}: ${i.field ? `${i.field}: ` : ''}${i.message}`
