/**
 * The optimisation area over a real workspace: Optuna storages made by real Optuna imported on a worker thread,
 * idempotent re-import that picks up new trials, the views' figures, registering a trial in the registry, the
 * "study finished" alert, and clear errors.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { RuleInput } from '../../../shared/contract/alerts'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { OptimizeService } from './service'

const FIX = path.join(__dirname, '__fixtures__')
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'expected.json'), 'utf8')) as {
  rdb: { name: string; trials: number; states: Record<string, number>; best?: { number: number; value: number }; pareto?: number[] }[]
}

let t: TestApp
afterEach(async () => t?.cleanup())

/** A copy of the RDB fixture without the trials numbered `from` and above in the first study. */
function truncatedCopy(to: string, from: number): void {
  fs.copyFileSync(path.join(FIX, 'optuna.db'), to)
  const db = new Database(to)
  const ids = `SELECT trial_id FROM trials WHERE study_id = 1 AND number >= ${from}`
  for (const table of [
    'trial_params',
    'trial_values',
    'trial_intermediate_values',
    'trial_user_attributes',
    'trial_system_attributes',
    'trial_heartbeats'
  ])
    db.exec(`DELETE FROM ${table} WHERE trial_id IN (${ids})`)
  db.exec(`DELETE FROM trials WHERE study_id = 1 AND number >= ${from}`)
  db.close()
}

describe('importing Optuna storages', () => {
  it('imports every study of an RDB file on a worker, with Optuna’s counts, best trial and Pareto front', async () => {
    t = tempApp()
    const report = await t.app.optimize.importFile(path.join(FIX, 'optuna.db'))
    expect(report.kind).toBe('rdb')
    expect(report.studies.map((s) => s.name)).toEqual(expected.rdb.map((s) => s.name))
    const studies = t.app.optimize.studies()
    for (const want of expected.rdb) {
      const s = studies.find((x) => x.name === want.name)!
      expect(s.trials).toBe(want.trials)
      expect(s.states).toEqual(want.states)
      if (want.best) expect(s.best).toEqual({ number: want.best.number, value: want.best.value })
      if (want.pareto) expect(t.app.optimize.study(s.id).pareto).toEqual(want.pareto)
    }
    const tuning = studies.find((s) => s.name === 'xgb-tuning')!
    const detail = t.app.optimize.study(tuning.id)
    expect(detail.paramSpecs.find((p) => p.name === 'booster')).toMatchObject({
      kind: 'categorical',
      choices: ['gbtree', 'dart', 'gblinear']
    })
    // history: best so far never gets worse and ends at the best value
    const h = detail.history[0]!
    for (let i = 1; i < h.length; i++) expect(h[i]!.best).toBeLessThanOrEqual(h[i - 1]!.best)
    expect(h.at(-1)!.best).toBe(expected.rdb[0]!.best!.value)
    // intermediate values and pruning notes
    const iv = t.app.optimize.intermediate(tuning.id, 500)
    expect(iv.pruned).toHaveLength(expected.rdb[0]!.states.PRUNED!)
    expect(iv.trials.some((x) => x.state === 'PRUNED')).toBe(true)
    // importances: learning rate drives the objective by construction; intervals contain their point
    const imp = t.app.optimize.importances(tuning.id, 0)
    expect(imp.params[0]!.param).toBe('lr')
    expect(imp.params.reduce((a, p) => a + p.importance, 0)).toBeCloseTo(1, 9)
    for (const p of imp.params) expect(p.low <= p.importance + 1e-12 && p.importance <= p.high + 1e-12).toBe(true)
  })

  it('a study larger than the views draw: the best half and the newest half, history over every trial', async () => {
    t = tempApp()
    await t.app.optimize.importFile(path.join(FIX, 'optuna.db'))
    const s = t.app.optimize.studies().find((x) => x.name === 'xgb-tuning')!
    const small = new OptimizeService({ ...t.app.optimize.deps, viewTrials: 10 })
    const d = small.study(s.id)
    expect(d.sampled).toBe(true)
    const numbers = d.trials.map((x) => x.number)
    expect(numbers).toContain(s.best!.number)
    expect(numbers).toContain(s.trials - 1)
    expect(numbers.length).toBeLessThanOrEqual(10)
    expect(d.history[0]!.length).toBe(expected.rdb[0]!.states.COMPLETE)
  })

  it('re-importing adds only new trials, and the journal storage gives the same studies', async () => {
    t = tempApp()
    const file = path.join(t.dir, 'study.db')
    truncatedCopy(file, 30)
    const first = await t.app.optimize.importFile(file)
    expect(first.studies[0]).toMatchObject({ name: 'xgb-tuning', trials: 30, added: 30 })
    fs.copyFileSync(path.join(FIX, 'optuna.db'), file)
    const second = await t.app.optimize.importFile(file)
    expect(second.studies[0]).toMatchObject({ trials: expected.rdb[0]!.trials, added: expected.rdb[0]!.trials - 30, updated: 0 })
    expect(second.studies[1]).toMatchObject({ added: 0, updated: 0 })
    const again = await t.app.optimize.importFile(file)
    expect(again.studies.every((s) => s.added === 0 && s.updated === 0)).toBe(true)
    expect(t.app.optimize.studies()).toHaveLength(3)

    const journal = await t.app.optimize.importFile(path.join(FIX, 'journal.log'))
    expect(journal.kind).toBe('journal')
    expect(t.app.optimize.studies()).toHaveLength(6)
  })

  it('a finished study notifies through an alert rule; a study with a running trial does not', async () => {
    t = tempApp()
    t.app.alerts.createRule(RuleInput.parse({ name: 'Tuning done', condition: { signal: 'study' } }))
    const finished: string[] = []
    t.app.bus.on('optimize:studyFinished', (p) => finished.push(p.name))
    await t.app.optimize.importFile(path.join(FIX, 'optuna.db'))
    expect(finished.sort()).toEqual(['pareto', 'xgb-tuning-2']) // xgb-tuning has a RUNNING trial
    const alerts = t.app.alerts.list({ limit: 10 })
    expect(alerts.map((a) => a.labels.study).sort()).toEqual(['pareto', 'xgb-tuning-2'])
  })

  it('registers a trial as a registry version with its parameters, and refuses trials that did not complete', async () => {
    t = tempApp()
    await t.app.optimize.importFile(path.join(FIX, 'optuna.db'))
    const s = t.app.optimize.studies().find((x) => x.name === 'xgb-tuning')!
    const v = t.app.optimize.registerTrial(s.id, s.best!.number, 'churn-xgb')
    expect(v).toMatchObject({ modelName: 'churn-xgb', version: 1 })
    const detail = t.app.models.version(v.versionId)
    expect(detail.tags['optuna.trial']).toBe(String(s.best!.number))
    expect(detail.tags['param.booster']).toBeDefined()
    expect(t.app.optimize.registerTrial(s.id, s.best!.number, 'churn-xgb').version).toBe(2)
    const failed = t.app.optimize.study(s.id).trials.find((x) => x.state === 'FAIL')!
    expect(() => t.app.optimize.registerTrial(s.id, failed.number, 'churn-xgb')).toThrow(/FAIL: only a COMPLETE trial/)
    expect(() => t.app.optimize.registerTrial(s.id, 9999, 'churn-xgb')).toThrow(/no trial 9999/)
  })

  it('names what is wrong with a file that is not an Optuna storage, and leaves nothing behind', async () => {
    t = tempApp()
    const notOptuna = path.join(t.dir, 'other.db')
    new Database(notOptuna).exec('CREATE TABLE x (a)')
    await expect(t.app.optimize.importFile(notOptuna)).rejects.toThrow(/not an Optuna storage/)
    const text = path.join(t.dir, 'notes.txt')
    fs.writeFileSync(text, 'hello\nworld\n')
    await expect(t.app.optimize.importFile(text)).rejects.toThrow(/line 1: not a JSON operation/)
    expect(() => t.app.optimize.startImport(path.join(t.dir, 'missing.db'))).toThrow(/not a file/)
    expect(t.app.optimize.studies()).toEqual([])
  })
})
