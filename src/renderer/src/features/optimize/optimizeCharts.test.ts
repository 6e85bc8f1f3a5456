import { describe, expect, it } from 'vitest'
import type { StudyDetail } from '../../../../shared/contract/optimize'
import { fmtValue, historyOption, importanceOption, paramPosition, parallelOption, paretoOption } from './optimizeCharts'

const trial = (
  number: number,
  state: StudyDetail['trials'][number]['state'],
  values: (number | 'inf')[],
  params: Record<string, string | number>
) => ({
  number,
  state,
  values,
  params,
  userAttrs: {},
  startedAt: null,
  durationMs: null,
  intermediateSteps: 0
})

const study = (directions: ('minimize' | 'maximize')[], trials: ReturnType<typeof trial>[], pareto: number[] = []): StudyDetail => ({
  study: {
    id: 1,
    name: 's',
    source: '/x.db',
    sourceKind: 'rdb',
    directions,
    trials: trials.length,
    states: {},
    best: null,
    params: ['lr', 'booster'],
    userAttrs: {},
    importedAt: 0,
    lastTrialAt: null
  },
  paramSpecs: [
    { name: 'booster', kind: 'categorical', low: null, high: null, log: false, choices: ['gbtree', 'dart'] },
    { name: 'lr', kind: 'float', low: 1e-4, high: 0.1, log: true, choices: null }
  ],
  trials,
  sampled: false,
  history: [
    [
      { number: 0, value: 3, best: 3 },
      { number: 2, value: 1, best: 1 }
    ]
  ],
  pareto
})

describe('study charts', () => {
  it('history: the values as dots and the best so far as a step line, with named axes', () => {
    const o = historyOption(study(['minimize'], []), 0, 'loss') as any
    expect(o.series[1]).toMatchObject({
      name: 'best so far',
      type: 'line',
      step: 'end',
      data: [
        [0, 3],
        [2, 1]
      ]
    })
    expect(o.xAxis.name).toBe('trial number')
    expect(o.yAxis.name).toBe('loss')
    expect(o.legend.data).toEqual(['loss', 'best so far'])
  })

  it('parallel coordinates: a categorical axis lists its choices, a log parameter is drawn as log10 of its value, only complete finite trials', () => {
    const d = study(
      ['minimize'],
      [
        trial(0, 'COMPLETE', [1], { lr: 0.01, booster: 'dart' }),
        trial(1, 'PRUNED', [], { lr: 0.02, booster: 'gbtree' }),
        trial(2, 'COMPLETE', ['inf'], { lr: 0.03, booster: 'gbtree' })
      ]
    )
    const o = parallelOption(d, 0, 'loss') as any
    expect(o.parallelAxis[0]).toMatchObject({ name: 'booster', type: 'category', data: ['gbtree', 'dart'] })
    expect(o.parallelAxis[1]).toMatchObject({ name: 'lr (log)', type: 'value' })
    expect(o.parallelAxis[1].axisLabel.formatter(-2)).toBe('0.01')
    expect(o.series[0].data).toEqual([['dart', -2, 1]])
  })

  it('Pareto front: front trials joined in order of the first objective, the rest grey', () => {
    const d = study(
      ['minimize', 'minimize'],
      [trial(0, 'COMPLETE', [3, 1], {}), trial(1, 'COMPLETE', [1, 3], {}), trial(2, 'COMPLETE', [4, 4], {})],
      [0, 1]
    )
    const o = paretoOption(d, ['a', 'b']) as any
    expect(o.series[1].data).toEqual([
      [1, 3, 1],
      [3, 1, 0]
    ])
    expect(o.series[0].data).toEqual([[4, 4, 2]])
  })

  it('importances in percent with their interval; values formatted with infinities', () => {
    const o = importanceOption([
      { param: 'lr', importance: 0.75, low: 0.6, high: 0.9 },
      { param: 'depth', importance: 0.25, low: 0.1, high: 0.4 }
    ]) as any
    expect(o.yAxis.data).toEqual(['depth', 'lr'])
    expect(o.series[0].data).toEqual([25, 75])
    expect(o.series[1].data).toEqual([
      [10, 40, 0],
      [60, 90, 1]
    ])
    expect(fmtValue('inf')).toBe('∞')
    expect(fmtValue(0.00001234)).toBe('1.234e-5')
    expect(paramPosition({ name: 'b', kind: 'categorical', low: null, high: null, log: false, choices: ['x', 'y'] }, 'y')).toBe(1)
  })
})
