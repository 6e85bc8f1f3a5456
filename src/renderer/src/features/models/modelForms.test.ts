import { describe, expect, it } from 'vitest'
import type { VersionDetail, VersionSummary } from '../../../../shared/contract'
import { AppError } from '../../../../shared/errors'
import {
  emptyModelDraft,
  emptyVersionDraft,
  formatTagLines,
  draftProblems,
  formErrors,
  MODEL_KEYS,
  modelInputOf,
  modelUpdateOf,
  parseTagLines,
  runOptionLabel,
  VERSION_KEYS,
  versionEditDraftOf,
  versionInputOf,
  versionsByRun,
  versionUpdateOf
} from './modelForms'

describe('parseTagLines', () => {
  it('reads key=value lines, trimming and skipping blank lines', () => {
    expect(parseTagLines('team = ml-platform\n\n  task=classification  \r\nurl=https://x.example/?a=1&b=2\nempty=')).toEqual({
      ok: true,
      tags: { team: 'ml-platform', task: 'classification', url: 'https://x.example/?a=1&b=2', empty: '' }
    })
    expect(parseTagLines('')).toEqual({ ok: true, tags: {} })
    expect(parseTagLines('  \n\n')).toEqual({ ok: true, tags: {} })
  })

  it('names the line that is wrong', () => {
    expect(parseTagLines('a=1\njust words')).toEqual({ ok: false, message: 'line 2: write key=value (“just words” has no =)' })
    expect(parseTagLines('=value')).toEqual({ ok: false, message: 'line 1: the key before = is empty' })
    expect(parseTagLines('team=a\nx=1\n team = b')).toEqual({ ok: false, message: 'line 3: “team” is already set on line 1' })
    expect(parseTagLines(`${'k'.repeat(251)}=v`)).toMatchObject({ ok: false, message: 'line 1: keys are at most 250 characters' })
    expect(parseTagLines(`k=${'v'.repeat(5001)}`)).toMatchObject({ ok: false, message: 'line 1: values are at most 5000 characters' })
  })

  it('keeps a __proto__ key as a plain tag', () => {
    const r = parseTagLines('__proto__=x')
    expect(r.ok && Object.getPrototypeOf(r.tags)).toBe(Object.prototype)
    expect(r.ok && Object.keys(r.tags)).toEqual(['__proto__'])
  })

  it('round-trips with formatTagLines', () => {
    const tags = { team: 'ml', 'a.b': 'x=y', none: '' }
    expect(parseTagLines(formatTagLines(tags))).toEqual({ ok: true, tags })
    expect(formatTagLines({})).toBe('')
  })
})

describe('model drafts', () => {
  it('builds a create input, leaving the name for the service to judge', () => {
    expect(modelInputOf({ name: ' iris ', description: ' d ', owner: ' me ', tags: 'team=ml' })).toEqual({
      ok: true,
      input: { name: ' iris ', description: 'd', owner: 'me', tags: { team: 'ml' } }
    })
    expect(modelInputOf({ ...emptyModelDraft(), tags: 'oops' })).toMatchObject({ ok: false, field: 'tags' })
  })

  it('builds an update input without the name', () => {
    expect(modelUpdateOf(4, { name: 'ignored', description: '', owner: 'ana', tags: '' })).toEqual({
      ok: true,
      input: { id: 4, description: '', owner: 'ana', tags: {} }
    })
  })
})

describe('version drafts', () => {
  it('needs a run or an artifact path', () => {
    expect(versionInputOf(1, emptyVersionDraft())).toMatchObject({ ok: false, field: 'runId' })
    expect(versionInputOf(1, { ...emptyVersionDraft(), artifactPath: '   ' })).toMatchObject({ ok: false, field: 'runId' })
  })

  it('sends only what was given', () => {
    expect(versionInputOf(3, { ...emptyVersionDraft(), runId: 17 })).toEqual({
      ok: true,
      input: { modelId: 3, runId: 17, description: '', notes: '', tags: {} }
    })
    expect(
      versionInputOf(3, {
        runId: null,
        artifactPath: ' /models/m.pkl ',
        parentVersionId: 9,
        dataset: ' s3://b/train.parquet ',
        description: ' retrained ',
        notes: '## Why\n',
        tags: 'k=v'
      })
    ).toEqual({
      ok: true,
      input: {
        modelId: 3,
        artifactPath: '/models/m.pkl',
        parentVersionId: 9,
        dataset: 's3://b/train.parquet',
        description: 'retrained',
        notes: '## Why\n',
        tags: { k: 'v' }
      }
    })
    expect(versionInputOf(3, { ...emptyVersionDraft(), runId: 1, tags: 'bad' })).toMatchObject({
      ok: false,
      field: 'tags',
      message: expect.stringContaining('line 1')
    })
  })

  it('edits from the stored version and clears an emptied dataset', () => {
    const v = {
      parent: { id: 5, version: 2 },
      dataset: 'train.csv',
      description: 'd',
      notes: 'n',
      tags: { a: '1' }
    } as unknown as VersionDetail
    const draft = versionEditDraftOf(v)
    expect(draft).toEqual({ parentVersionId: 5, dataset: 'train.csv', description: 'd', notes: 'n', tags: 'a=1' })
    expect(versionUpdateOf(8, { ...draft, dataset: '  ', parentVersionId: null })).toEqual({
      ok: true,
      input: { id: 8, description: 'd', notes: 'n', dataset: null, parentVersionId: null, tags: { a: '1' } }
    })
  })
})

describe('draftProblems: every problem at once', () => {
  it('an empty name and bad tag lines are both reported, each on its field', () => {
    expect(draftProblems('models:create', modelInputOf({ ...emptyModelDraft(), tags: 'oops' }), MODEL_KEYS)).toEqual({
      name: 'must not be empty',
      tags: 'line 1: write key=value (“oops” has no =)'
    })
    expect(draftProblems('models:create', modelInputOf({ ...emptyModelDraft(), name: 'iris' }), MODEL_KEYS)).toBeNull()
  })
})

describe('formErrors', () => {
  it('puts a local check under its field', () => {
    const e = formErrors(new AppError('VALIDATION', 'name: must not be empty', 'name'), MODEL_KEYS, { tags: 'line 1: …' })
    expect(e.of('tags')).toBe('line 1: …')
    expect(e.of('name')).toBeUndefined()
    expect(e.unplaced).toBe(false)
  })

  it('puts a service VALIDATION error under the field it names, without the field prefix', () => {
    const e = formErrors(new AppError('VALIDATION', 'name: must not be empty', 'name'), MODEL_KEYS)
    expect(e.of('name')).toBe('must not be empty')
    expect(e.of('owner')).toBeUndefined()
    expect(formErrors(new AppError('VALIDATION', 'tags.team: too long', 'tags.team'), MODEL_KEYS).of('tags')).toBe('too long')
    expect(
      formErrors(new AppError('NOT_FOUND', '/x does not exist on the machine running the console', 'artifactPath'), VERSION_KEYS).of(
        'artifactPath'
      )
    ).toBe('/x does not exist on the machine running the console')
  })

  it('puts a CONFLICT under the field it names, or above the buttons when it names none', () => {
    const named = new AppError('CONFLICT', 'a model named “iris” already exists', 'name')
    expect(formErrors(named, MODEL_KEYS).of('name')).toBe('a model named “iris” already exists')
    expect(formErrors(named, MODEL_KEYS).unplaced).toBe(false)
    expect(formErrors(new AppError('CONFLICT', 'job 3 is already running'), MODEL_KEYS).unplaced).toBe(true)
  })

  it('reports errors that name no input as unplaced', () => {
    expect(formErrors(new AppError('NOT_FOUND', 'run 3 not found'), VERSION_KEYS).unplaced).toBe(true)
    expect(formErrors(new Error('network down'), VERSION_KEYS).unplaced).toBe(true)
    expect(formErrors(null, VERSION_KEYS)).toMatchObject({ unplaced: false })
  })
})

describe('run picker', () => {
  const run = {
    id: 7,
    runUuid: '3a4a388c89f84f3da0145be21820d664',
    name: 'RF-trees100',
    status: 'FAILED',
    experiment: 'Iris',
    startTime: 0,
    metricCount: 4,
    deleted: false
  }
  const version = (id: number, runId: number | null, version: number): VersionSummary =>
    ({ id, runId, version, modelName: 'iris' }) as VersionSummary

  it('labels runs so that runs of the same name differ', () => {
    expect(runOptionLabel(run)).toBe('RF-trees100 · 3a4a388c · Iris · FAILED · 4 metrics')
    expect(runOptionLabel({ ...run, name: '', metricCount: 1 }, [], '4/23/2025')).toBe(
      '(unnamed run) · 3a4a388c · Iris · 4/23/2025 · FAILED · 1 metric'
    )
    // shown only when "Show deleted runs" is ticked, and then marked
    expect(runOptionLabel({ ...run, deleted: true })).toBe('RF-trees100 · 3a4a388c · Iris · FAILED · 4 metrics · deleted in MLflow')
  })

  it('says which versions a run already backs', () => {
    const used = versionsByRun([version(1, 7, 1), version(2, null, 2), version(3, 7, 3), version(4, 7, 4), version(5, 8, 5)])
    expect(used.get(7)).toEqual(['iris v1', 'iris v3', 'iris v4'])
    expect(runOptionLabel(run, used.get(7))).toBe('RF-trees100 · 3a4a388c · Iris · FAILED · 4 metrics — already iris v1, iris v3 +1')
    expect(used.has(2)).toBe(false)
  })
})
