import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bestTrial, paretoFront, pruneNotes } from '../analysis'
import { readJournalStudies, replayJournal } from './journal'
import { readRdbStudies } from './rdb'
import type { OptunaStudy } from './types'

const FIX = path.join(__dirname, '../__fixtures__')
interface Expected {
  name: string
  directions: string[]
  trials: number
  states: Record<string, number>
  params: Record<string, Record<string, unknown>>
  values: Record<string, (number | string | null)[]>
  intermediate: number
  user_attrs: Record<string, Record<string, unknown>>
  best?: { number: number; value: number; params: Record<string, unknown> }
  pareto?: number[]
}
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as { rdb: Expected[]; journal: Expected[] }

const asJson = (v: number): number | string => (Number.isFinite(v) ? v : v > 0 ? 'inf' : '-inf')

function checkAgainstOptuna(studies: OptunaStudy[], want: Expected[]): void {
  expect(studies.map((s) => s.name)).toEqual(want.map((w) => w.name))
  for (const [i, w] of want.entries()) {
    const s = studies[i]!
    expect(s.directions).toEqual(w.directions.map((d) => d.toLowerCase()))
    expect(s.trials).toHaveLength(w.trials)
    const states: Record<string, number> = {}
    for (const t of s.trials) states[t.state] = (states[t.state] ?? 0) + 1
    expect(states).toEqual(w.states)
    for (const t of s.trials) {
      expect(t.params, `${w.name} trial ${t.number} params`).toEqual(w.params[String(t.number)])
      expect(t.values.map(asJson), `${w.name} trial ${t.number} values`).toEqual(
        w.values[String(t.number)]!.map((v) => (v === 'inf' ? 'inf' : v))
      )
      expect(t.userAttrs).toEqual(w.user_attrs[String(t.number)] ?? {})
    }
    expect(s.trials.reduce((n, t) => n + t.intermediate.length, 0)).toBe(w.intermediate)
    if (w.best) {
      const best = bestTrial(s.trials, s.directions[0]!)!
      expect(best.number).toBe(w.best.number)
      expect(best.values[0]).toBe(w.best.value)
      expect(best.params).toEqual(w.best.params)
    }
    if (w.pareto) expect(paretoFront(s.trials, s.directions).map((t) => t.number)).toEqual(w.pareto)
  }
}

describe('Optuna storages made by real Optuna (scripts/reference/optimize_optuna_studies.py)', () => {
  it('reads the RDB storage (SQLite) as Optuna does: states, params (categorical by index), values incl. inf, attrs, best, Pareto', () => {
    const studies = readRdbStudies(path.join(FIX, 'optuna.db'))
    expect(studies).toHaveLength(3)
    checkAgainstOptuna(studies, expected.rdb)
    expect(studies[0]!.userAttrs).toEqual({ dataset: 'churn' })
  })

  it('replays the journal file storage to the same answers, Infinity tokens included', () => {
    const studies = readJournalStudies(path.join(FIX, 'journal.log'))
    expect(studies).toHaveLength(3)
    checkAgainstOptuna(studies, expected.journal)
  })

  it("every pruned trial's best value so far is worse than the median MedianPruner saw", () => {
    const s = readRdbStudies(path.join(FIX, 'optuna.db'))[0]!
    const notes = pruneNotes(s.trials, 'minimize')
    expect(notes.length).toBe(expected.rdb[0]!.states.PRUNED)
    for (const n of notes) {
      expect(n.median, `trial ${n.number}`).not.toBeNull()
      expect(n.value, `trial ${n.number}`).toBeGreaterThan(n.median!)
    }
  })

  it('names the line of a broken journal, and ignores a torn last line', () => {
    const text = fs.readFileSync(path.join(FIX, 'journal.log'), 'utf8')
    const lines = text.split('\n')
    expect(replayJournal(text + '{"op_code": 6, "worker_').length).toBe(3)
    const broken = [...lines.slice(0, 5), '{"op_code": 5, "trial_id": 999, "param_name": "x"}', ...lines.slice(5)].join('\n')
    expect(() => replayJournal(broken, 'j.log')).toThrow('j.log, line 6: trial_id 999 was never created')
  })
})
