/** The ensemble form's draft and its pure validation. */
import type { EnsembleInput, EnsembleMethod } from '../../../../shared/contract/optimize'

export interface MemberDraft {
  versionId: string
  path: string
  column: string
}

export interface EnsembleDraft {
  name: string
  task: 'classification' | 'regression'
  holdoutPath: string
  labelColumn: string
  idColumn: string
  positiveLabel: string
  members: MemberDraft[]
  method: EnsembleMethod
  rounds: string
  registerAs: string
}

export const emptyMember = (): MemberDraft => ({ versionId: '', path: '', column: 'prediction' })

export const emptyEnsembleDraft = (): EnsembleDraft => ({
  name: '',
  task: 'regression',
  holdoutPath: '',
  labelColumn: 'label',
  idColumn: 'id',
  positiveLabel: '',
  members: [emptyMember(), emptyMember()],
  method: 'nnls',
  rounds: '25',
  registerAs: ''
})

/** Field → message for what must be fixed before building; empty when the draft can be sent. */
export function ensembleDraftErrors(d: EnsembleDraft): Record<string, string> {
  const e: Record<string, string> = {}
  if (!d.name.trim()) e.name = 'must not be empty'
  if (!d.holdoutPath.trim().startsWith('/')) e.holdoutPath = 'an absolute path to the holdout file'
  if (!d.labelColumn.trim()) e.labelColumn = 'must not be empty'
  if (d.members.length < 2) e.members = 'an ensemble needs at least 2 versions'
  if (d.members.length > 10) e.members = 'at most 10 versions'
  d.members.forEach((m, i) => {
    if (!m.versionId) e[`members.${i}.versionId`] = 'pick a version'
    else if (d.members.findIndex((o) => o.versionId === m.versionId) !== i) e[`members.${i}.versionId`] = 'already in the ensemble'
    if (m.path.trim() && !m.path.trim().startsWith('/')) e[`members.${i}.path`] = 'an absolute path (or empty: the holdout)'
    if (!m.column.trim()) e[`members.${i}.column`] = 'must not be empty'
  })
  const r = Number(d.rounds)
  if (d.method === 'caruana' && (!Number.isInteger(r) || r < 1 || r > 500)) e.rounds = 'a whole number from 1 to 500'
  return e
}

export function ensembleInputOf(d: EnsembleDraft): EnsembleInput {
  return {
    name: d.name.trim(),
    task: d.task,
    holdoutPath: d.holdoutPath.trim(),
    labelColumn: d.labelColumn.trim(),
    ...(d.idColumn.trim() ? { idColumn: d.idColumn.trim() } : {}),
    ...(d.task === 'classification' && d.positiveLabel.trim() ? { positiveLabel: d.positiveLabel.trim() } : {}),
    members: d.members.map((m) => ({
      versionId: Number(m.versionId),
      ...(m.path.trim() ? { path: m.path.trim() } : {}),
      column: m.column.trim()
    })),
    method: d.method,
    rounds: Number(d.rounds) || 25,
    ...(d.registerAs.trim() ? { registerAs: d.registerAs.trim() } : {})
  }
}
