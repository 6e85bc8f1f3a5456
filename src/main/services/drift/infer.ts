/** Column kinds inferred from sample values. */
import type { ColumnKind } from '../../../shared/contract/drift'
import { isMissingToken, looksLikeDate, parseBool, parseNumber } from './columns'

export interface InferredColumn {
  kind: ColumnKind
  missing: number
  unique: number
  examples: string[]
  message: string | null
}

/** Most distinct values (absolute, or relative to the present values) a string column may have to count as categorical. */
export const CATEGORICAL_MAX_UNIQUE = 100
export const CATEGORICAL_MAX_RATIO = 0.5

export function inferKind(values: (string | undefined)[]): InferredColumn {
  let missing = 0
  let numeric = 0
  let bool = 0
  let date = 0
  let present = 0
  let totalLen = 0
  const distinct = new Set<string>()
  const examples: string[] = []
  for (const v of values) {
    if (v === undefined || isMissingToken(v)) {
      missing++
      continue
    }
    present++
    totalLen += v.length
    if (distinct.size <= 10_000) distinct.add(v)
    if (examples.length < 3 && !examples.includes(v)) examples.push(v.length > 40 ? `${v.slice(0, 40)}…` : v)
    if (!Number.isNaN(parseNumber(v))) numeric++
    else if (!Number.isNaN(parseBool(v))) bool++
    else if (looksLikeDate(v)) date++
  }
  const unique = distinct.size
  if (present === 0) return { kind: 'categorical', missing, unique: 0, examples, message: 'every sampled value is missing' }
  // booleans written as true/false (0/1 alone stay numeric, as pandas reads them)
  if (bool > 0 && bool + numeric === present && [...distinct].every((d) => !Number.isNaN(parseBool(d)))) {
    if (bool > 0 && unique <= 4) return { kind: 'boolean', missing, unique, examples, message: null }
  }
  if (numeric === present) return { kind: 'numeric', missing, unique, examples, message: null }
  if (date === present) return { kind: 'datetime', missing, unique, examples, message: null }
  const mostlyNumeric = numeric / present >= 0.95
  const avgLen = totalLen / present
  const categorical = unique <= CATEGORICAL_MAX_UNIQUE || (unique / present <= CATEGORICAL_MAX_RATIO && avgLen <= 60)
  const kind: ColumnKind = mostlyNumeric ? 'numeric' : categorical ? 'categorical' : 'text'
  const message = mostlyNumeric ? `${present - numeric} of ${present} sampled values are not numbers; they will be read as missing` : null
  return { kind, missing, unique, examples, message }
}
