import { AppError } from '../../../../shared/errors'
import { columnIndex, readTable, type Table } from '../tabular'
import type { EvalHooks, EvalSpec } from './evaluate'
import { hasProbabilities, readProbabilities, type RawProba } from './probabilities'

export interface Aligned {
  truth: string[]
  preds: { label?: string[]; score?: Float64Array; proba?: RawProba }[]
}

/** Reads the holdout and every version's predictions, checks them and lines their rows up with the holdout rows. */
export async function align(spec: EvalSpec, hooks: EvalHooks): Promise<Aligned> {
  const holdout = await readTable(spec.holdoutPath, 'holdoutPath')
  if (holdout.rows.length === 0) throw new AppError('VALIDATION', `${spec.holdoutPath} has no data rows`, 'holdoutPath')
  const li = columnIndex(holdout, spec.labelColumn, spec.holdoutPath, 'labelColumn')
  const idIdx = spec.idColumn ? columnIndex(holdout, spec.idColumn, spec.holdoutPath, 'idColumn') : -1
  const truth = holdout.rows.map((r) => r[li] ?? '')
  const emptyAt = truth.findIndex((t) => t.trim() === '')
  if (emptyAt >= 0)
    throw new AppError('VALIDATION', `${spec.holdoutPath} row ${emptyAt + 2}: the label "${spec.labelColumn}" is empty`, 'labelColumn')
  let ids: Map<string, number> | null = null
  if (idIdx >= 0) {
    ids = new Map()
    holdout.rows.forEach((r, i) => {
      const id = r[idIdx] ?? ''
      if (ids!.has(id))
        throw new AppError(
          'VALIDATION',
          `${spec.holdoutPath}: id "${id}" appears more than once (rows ${ids!.get(id)! + 2} and ${i + 2})`,
          'idColumn'
        )
      ids!.set(id, i)
    })
  }
  const cache = new Map<string, Table>([[spec.holdoutPath, holdout]])
  const preds: Aligned['preds'] = []
  for (const [pi, p] of spec.predictions.entries()) {
    if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'evaluation cancelled')
    const field = `predictions.${pi}`
    const file = p.path ?? spec.holdoutPath
    let t = cache.get(file)
    if (!t) {
      t = await readTable(file, `${field}.path`)
      cache.set(file, t)
    }
    const proba = hasProbabilities(p)
    if (!p.column && !p.scoreColumn && !proba)
      throw new AppError(
        'VALIDATION',
        `${p.label}: name the prediction column (or, for a classifier, the score column of a binary one or one probability column per class)`,
        `${field}.column`
      )
    if (proba && spec.task !== 'classification')
      throw new AppError(
        'VALIDATION',
        `${p.label}: probability columns are for classification, not ${spec.task}`,
        `${field}.${p.probabilityPrefix ? 'probabilityPrefix' : 'probabilityColumns'}`
      )
    if (proba && p.scoreColumn)
      throw new AppError(
        'VALIDATION',
        `${p.label}: give either a score column (binary) or one probability column per class, not both`,
        `${field}.scoreColumn`
      )
    const ci = p.column ? columnIndex(t, p.column, file, `${field}.column`) : -1
    const si = p.scoreColumn ? columnIndex(t, p.scoreColumn, file, `${field}.scoreColumn`) : -1
    // row order: by id when the holdout has ids, else position
    let order: number[]
    if (ids) {
      const pid = t === holdout ? idIdx : t.columns.indexOf(spec.idColumn!)
      if (pid < 0)
        throw new AppError('VALIDATION', `${file} has no id column "${spec.idColumn}" to match rows with the holdout`, `${field}.path`)
      const seen = new Map<string, number>()
      t.rows.forEach((r, i) => seen.set(r[pid] ?? '', i))
      const missing = [...ids.keys()].filter((id) => !seen.has(id))
      const extra = [...seen.keys()].filter((id) => !ids!.has(id))
      if (missing.length || extra.length || seen.size !== t.rows.length)
        throw new AppError(
          'VALIDATION',
          `${p.label}: the prediction ids in ${file} do not match the holdout: ${missing.length} holdout id(s) without a prediction${missing.length ? ` (e.g. ${missing.slice(0, 3).join(', ')})` : ''}, ${extra.length} prediction id(s) not in the holdout${extra.length ? ` (e.g. ${extra.slice(0, 3).join(', ')})` : ''}${seen.size !== t.rows.length ? `, ${t.rows.length - seen.size} duplicate id(s)` : ''}`,
          `${field}.path`
        )
      order = [...ids.keys()].map((id) => seen.get(id)!)
    } else {
      if (t.rows.length !== holdout.rows.length)
        throw new AppError(
          'VALIDATION',
          `${p.label}: ${file} has ${t.rows.length} prediction rows but the holdout has ${holdout.rows.length}; give an id column to match rows, or fix the file`,
          `${field}.path`
        )
      order = holdout.rows.map((_, i) => i)
    }
    const out: Aligned['preds'][number] = {}
    if (ci >= 0) {
      out.label = order.map((i) => t.rows[i]![ci] ?? '')
      const bad = out.label.findIndex((v) => v.trim() === '')
      if (bad >= 0)
        throw new AppError(
          'VALIDATION',
          `${p.label}: ${file} row ${order[bad]! + 2} has an empty prediction in "${p.column}"`,
          `${field}.column`
        )
    }
    if (si >= 0) {
      out.score = Float64Array.from(order, (i) => Number(t.rows[i]![si]))
      const bad = out.score.findIndex((v) => !Number.isFinite(v))
      if (bad >= 0)
        throw new AppError(
          'VALIDATION',
          `${p.label}: ${file} row ${order[bad]! + 2}: score "${t.rows[order[bad]!]![si]}" in "${p.scoreColumn}" is not a finite number`,
          `${field}.scoreColumn`
        )
      if (spec.task === 'classification') {
        const out01 = out.score.findIndex((v) => v < 0 || v > 1)
        if (out01 >= 0)
          throw new AppError(
            'VALIDATION',
            `${p.label}: ${file} row ${order[out01]! + 2}: probability ${out.score[out01]} is outside [0, 1]`,
            `${field}.scoreColumn`
          )
      }
    }
    if (proba) {
      const skip = [p.column, spec.idColumn, t === holdout ? spec.labelColumn : undefined].filter((c): c is string => !!c)
      out.proba = readProbabilities(t, file, order, p, field, skip)
    }
    preds.push(out)
    hooks.progress(pi + 1, spec.predictions.length, `read predictions of ${p.label}`)
  }
  return { truth, preds }
}
