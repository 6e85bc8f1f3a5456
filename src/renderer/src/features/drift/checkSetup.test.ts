import { describe, expect, it } from 'vitest'
import { categoryCountRows } from './driftFormat'
import { modelChoices, versionChoices } from './modelChoices'

const versions = [
  { modelName: 'churn', version: 1, stage: 'Archived', aliases: [] },
  { modelName: 'churn', version: 3, stage: 'Production', aliases: ['champion'] },
  { modelName: 'churn', version: 2, stage: 'None', aliases: [] },
  { modelName: 'ads-ctr', version: 1, stage: 'Staging', aliases: ['challenger'] }
]

describe('drift check setup: model and version from the registry', () => {
  it('lists the registry’s models A–Z and a model’s versions newest first with stage and aliases', () => {
    expect(modelChoices(versions, '').map((c) => c.label)).toEqual(['ads-ctr', 'churn'])
    expect(versionChoices(versions, 'churn', '').map((c) => [c.value, c.label])).toEqual([
      ['3', '3 · Production · champion'],
      ['2', '2'],
      ['1', '1 · Archived']
    ])
  })

  it('keeps a saved name the registry does not have, marked so', () => {
    expect(modelChoices(versions, 'fraud')[0]).toEqual({ value: 'fraud', label: 'fraud (not in the registry)' })
    expect(versionChoices(versions, 'churn', '9')[0]).toEqual({ value: '9', label: '9 (not in the registry)' })
    expect(versionChoices(versions, 'churn', 'v3')).toHaveLength(3)
  })
})

describe('category count table', () => {
  it('pairs counts and shares per category, with the change in points', () => {
    const rows = categoryCountRows({
      labels: ['basic', 'pro'],
      reference: [0.75, 0.25],
      current: [0.4, 0.6],
      referenceCounts: [600, 200],
      currentCounts: [280, 420]
    })
    expect(rows[0]).toEqual({
      label: 'basic',
      referenceCount: 600,
      referenceShare: 0.75,
      currentCount: 280,
      currentShare: 0.4,
      changePts: -35
    })
    expect(rows[1]!.changePts).toBeCloseTo(35)
  })

  it('shows no counts for runs stored before counts were kept', () => {
    expect(categoryCountRows({ labels: ['a'], reference: [1], current: [1] })[0]).toMatchObject({
      referenceCount: null,
      currentCount: null
    })
  })
})
