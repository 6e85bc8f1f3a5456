import { expect, it } from 'vitest'
import { ansiSpans } from './ansi'
import { DraftError, emptyDraft, fromDefinition, parseParams, toInput } from './jobDraft'
import { layoutLineage } from './lineageLayout'

it('turns ANSI colour codes into spans and drops other escapes', () => {
  expect(ansiSpans('\x1b[32mloaded\x1b[0m 5 rows')).toEqual([
    { text: 'loaded', color: 'green', bold: false },
    { text: ' 5 rows', color: null, bold: false }
  ])
  expect(ansiSpans('\x1b[1;91mERR\x1b[2K!')).toEqual([{ text: 'ERR!', color: 'bright-red', bold: true }])
})

it('reads parameter lines and names the wrong line', () => {
  expect(parseParams('data:data=/d.csv\nlr:number=0.1\nopt:choice[adam|sgd]=adam\nname')).toEqual([
    { name: 'data', type: 'path', default: '/d.csv', choices: [], isData: true },
    { name: 'lr', type: 'number', default: '0.1', choices: [], isData: false },
    { name: 'opt', type: 'choice', default: 'adam', choices: ['adam', 'sgd'], isData: false },
    { name: 'name', type: 'string', choices: [], isData: false }
  ])
  expect(() => parseParams('ok\n9bad')).toThrow(DraftError)
  expect(() => parseParams('ok\n9bad')).toThrow(/line 2/)
})

it('round-trips a draft with a pipeline and gate through the definition shape', () => {
  const d = { ...emptyDraft(), name: 'j', workingDir: '/w', modelName: 'm', holdoutPath: '/h.csv', gateThreshold: '0.7', gateMinRel: '5' }
  const input = toInput(d)
  expect(input.pipeline?.gate).toEqual([{ metric: 'accuracy', threshold: 0.7, minRelativeChange: 0.05, greaterIsBetter: true }])
  expect(() => toInput({ ...d, retries: 'three' })).toThrow(/not a number/)
})

it('lays lineage out by generation', () => {
  const n = (versionId: number, parentVersionId: number | null) => ({
    versionId,
    parentVersionId,
    label: `v${versionId}`,
    aliases: [],
    stage: 'None',
    runId: null,
    kind: 'retrain' as const,
    dataPath: null,
    codeVersion: null
  })
  const g = layoutLineage([n(1, null), n(2, 1), n(3, 1), n(4, 3)])
  expect(g.nodes.map((p) => [p.versionId, p.x, p.y])).toEqual([
    [1, 20, 20],
    [2, 220, 20],
    [3, 220, 90],
    [4, 420, 20]
  ])
  expect(fromDefinition).toBeTypeOf('function')
})
