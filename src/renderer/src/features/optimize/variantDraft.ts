/** The comparison form's draft and its pure validation. */
import type { VariantsInput } from '../../../../shared/contract/optimize'

export type Kind = 'quantised' | 'pruned' | 'distilled' | 'other'
export interface EntryDraft {
  versionId: string
  column: string
  artifactPath: string
  kind: Kind
}

export interface VariantDraft {
  name: string
  task: 'classification' | 'regression'
  holdoutPath: string
  labelColumn: string
  idColumn: string
  base: EntryDraft
  variants: EntryDraft[]
  latencyFile: string
  maxAccuracyDrop: string
  minLatencyGainPct: string
}

export const emptyEntry = (kind: Kind = 'quantised'): EntryDraft => ({ versionId: '', column: '', artifactPath: '', kind })

export const emptyVariantDraft = (): VariantDraft => ({
  name: '',
  task: 'classification',
  holdoutPath: '',
  labelColumn: 'label',
  idColumn: 'id',
  base: emptyEntry(),
  variants: [emptyEntry()],
  latencyFile: '',
  maxAccuracyDrop: '0.01',
  minLatencyGainPct: '20'
})

const abs = (p: string): boolean => !p.trim() || p.trim().startsWith('/')

export function variantDraftErrors(d: VariantDraft): Record<string, string> {
  const e: Record<string, string> = {}
  if (!d.name.trim()) e.name = 'must not be empty'
  if (!d.holdoutPath.trim().startsWith('/')) e.holdoutPath = 'an absolute path to the holdout file'
  if (!d.labelColumn.trim()) e.labelColumn = 'must not be empty'
  if (!abs(d.latencyFile)) e.latencyFile = 'an absolute path (or empty)'
  const all = [d.base, ...d.variants]
  all.forEach((x, i) => {
    const f = i === 0 ? 'base' : `variants.${i - 1}`
    if (!x.versionId) e[`${f}.versionId`] = 'pick a version'
    else if (all.findIndex((o) => o.versionId === x.versionId) !== i) e[`${f}.versionId`] = 'already compared'
    if (!x.column.trim()) e[`${f}.column`] = 'must not be empty'
    if (!abs(x.artifactPath)) e[`${f}.artifactPath`] = 'an absolute path (or empty)'
  })
  const drop = Number(d.maxAccuracyDrop)
  if (d.maxAccuracyDrop.trim() === '' || !Number.isFinite(drop) || drop < 0) e.maxAccuracyDrop = 'a number ≥ 0'
  const gain = Number(d.minLatencyGainPct)
  if (d.minLatencyGainPct.trim() === '' || !Number.isFinite(gain) || gain < -100) e.minLatencyGain = 'a percentage ≥ −100'
  return e
}

const entryOf = (x: EntryDraft) => ({
  versionId: Number(x.versionId),
  column: x.column.trim(),
  ...(x.artifactPath.trim() ? { artifactPath: x.artifactPath.trim() } : {})
})

export function variantInputOf(d: VariantDraft): VariantsInput {
  return {
    name: d.name.trim(),
    task: d.task,
    holdoutPath: d.holdoutPath.trim(),
    labelColumn: d.labelColumn.trim(),
    ...(d.idColumn.trim() ? { idColumn: d.idColumn.trim() } : {}),
    base: entryOf(d.base),
    variants: d.variants.map((v) => ({ ...entryOf(v), kind: v.kind })),
    ...(d.latencyFile.trim() ? { latencyFile: d.latencyFile.trim() } : {}),
    maxAccuracyDrop: Number(d.maxAccuracyDrop),
    minLatencyGain: Number(d.minLatencyGainPct) / 100
  }
}
