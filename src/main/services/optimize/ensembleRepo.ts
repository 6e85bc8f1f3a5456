/** SQL of the optimisation area's ensembles. */
import type { EnsembleDetail, EnsembleMethod, EnsembleSummary } from '../../../shared/contract/optimize'
import type { Db } from '../../db/open'

interface EnsembleRow {
  id: number
  name: string
  task: 'classification' | 'regression'
  method: EnsembleMethod
  holdout_path: string
  spec: string
  members: string
  weights: string
  detail: string
  loss_key: string
  ensemble_loss: number
  champion_loss: number
  champion_label: string
  beats_champion: number
  registered_version_id: number | null
  created_at: number
}

const summaryOf = (r: EnsembleRow): EnsembleSummary => ({
  id: r.id,
  name: r.name,
  task: r.task,
  method: r.method,
  members: JSON.parse(r.members) as EnsembleSummary['members'],
  lossKey: r.loss_key,
  ensembleLoss: r.ensemble_loss,
  championLoss: r.champion_loss,
  championLabel: r.champion_label,
  beatsChampion: r.beats_champion === 1,
  registeredVersionId: r.registered_version_id,
  createdAt: r.created_at
})

export class EnsembleRepo {
  constructor(private readonly db: Db) {}

  insert(s: Omit<EnsembleSummary, 'id'>, d: Omit<EnsembleDetail, 'summary'>, spec: unknown): number {
    const { weights, holdoutPath, ...rest } = d
    return Number(
      this.db
        .prepare(
          `INSERT INTO optimize_ensembles (name, task, method, holdout_path, spec, members, weights, detail, loss_key, ensemble_loss,
            champion_loss, champion_label, beats_champion, registered_version_id, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          s.name,
          s.task,
          s.method,
          holdoutPath,
          JSON.stringify(spec),
          JSON.stringify(s.members),
          JSON.stringify(weights),
          JSON.stringify(rest),
          s.lossKey,
          s.ensembleLoss,
          s.championLoss,
          s.championLabel,
          s.beatsChampion ? 1 : 0,
          s.registeredVersionId,
          s.createdAt
        ).lastInsertRowid
    )
  }

  list(): EnsembleSummary[] {
    return (this.db.prepare('SELECT * FROM optimize_ensembles ORDER BY created_at DESC, id DESC').all() as EnsembleRow[]).map(summaryOf)
  }

  get(id: number): EnsembleDetail | undefined {
    const r = this.db.prepare('SELECT * FROM optimize_ensembles WHERE id = ?').get(id) as EnsembleRow | undefined
    if (!r) return undefined
    const rest = JSON.parse(r.detail) as Omit<EnsembleDetail, 'summary' | 'weights' | 'holdoutPath'>
    return { summary: summaryOf(r), holdoutPath: r.holdout_path, weights: JSON.parse(r.weights) as EnsembleDetail['weights'], ...rest }
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM optimize_ensembles WHERE id = ?').run(id).changes > 0
  }
}
