/** Before a run: what each column would get — the test "default" resolves to, an override, or why it is left out. */
import type { z } from 'zod'
import { DRIFT_TEST_LABELS, type DatasetDetail, type PlanInput, type PlannedColumn } from '../../../shared/contract/drift'
import { DEFAULT_THRESHOLD, NUMERIC_ONLY } from './compute'
import { idLikeReason } from './idLike'
import { chooseDefaultTest, SMALL_REFERENCE_MAX_ROWS } from './stats'

const rowsText = (n: number): string => n.toLocaleString('en-US')

/**
 * From the datasets' column profiles (kind, missing, distinct values of the reference). The run decides on the data of
 * both sides, so a column whose current data adds distinct values near the 2 / 5 limits may get another test.
 */
export function planColumns(input: z.output<typeof PlanInput>, ref: DatasetDetail, cur: DatasetDetail): PlannedColumn[] {
  const refCols = new Map(ref.columns.map((c) => [c.name, c]))
  const curCols = new Map(cur.columns.map((c) => [c.name, c]))
  const names = [...refCols.keys(), ...[...curCols.keys()].filter((n) => !refCols.has(n))]
  return names.map((name) => {
    const r = refCols.get(name)
    const c = curCols.get(name)
    const o = input.columns[name] ?? {}
    const role = name === input.predictionColumn ? 'prediction' : name === input.targetColumn ? 'target' : 'feature'
    const kind = (r ?? c)!.kind
    const out = (leftOut: string, idLike = false): PlannedColumn => ({
      name,
      kind,
      role,
      test: null,
      threshold: null,
      resolution: `not tested: ${leftOut}`,
      leftOut,
      idLike
    })
    if (!r || !c) return out(!r ? 'not in the reference data' : 'not in the current data')
    if (o.ignore) return out('left out in the check’s settings')
    const idLike = idLikeReason({ name, kind: r.kind, present: ref.rows - r.missing, distinct: r.unique })
    if (idLike && !o.include) return out(idLike, true)
    if (r.kind === 'text' || c.kind === 'text') return { ...out('free text'), idLike: idLike !== null }
    const profile = r.kind === 'numeric' || r.kind === 'datetime' ? 'numeric' : r.kind === 'boolean' ? 'boolean' : 'categorical'
    const choice = chooseDefaultTest({ kind: profile, nUnique: r.unique }, ref.rows)
    const rows = `n = ${rowsText(ref.rows)} ${ref.rows <= SMALL_REFERENCE_MAX_ROWS ? '≤' : '>'} 1,000`
    const why = `${r.kind}, ${rowsText(r.unique)} distinct, ${rows}`
    const base = { name, kind, role, leftOut: null, idLike: idLike !== null } as const
    if (o.test && !(profile !== 'numeric' && NUMERIC_ONLY.includes(o.test))) {
      const threshold = o.threshold ?? DEFAULT_THRESHOLD[o.test]
      return { ...base, test: o.test, threshold, resolution: `set → ${DRIFT_TEST_LABELS[o.test]} at ${threshold}` }
    }
    const threshold = o.threshold ?? choice.threshold
    const note = o.test ? `; ${DRIFT_TEST_LABELS[o.test]} needs numbers` : ''
    return {
      ...base,
      test: choice.test,
      threshold,
      resolution: `default → ${DRIFT_TEST_LABELS[choice.test]} at ${threshold} (${why}${note})`
    }
  })
}
