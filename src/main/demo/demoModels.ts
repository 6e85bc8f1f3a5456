import path from 'node:path'
import type { App } from '../app'
import { holdoutCsv } from './churnData'
import { writeFile } from './files'
import { followJob } from './follow'
import { writeDemoStore } from './mlflowStore'
import { Rng } from './random'

export const CHURN_MODEL = 'churn-classifier'
export const EVALUATION_NAME = 'Churn holdout: champion v3 against challenger v4'

const MODEL_CARD = `## churn-classifier

**Intended use.** Scores every active subscriber each night with the probability of cancelling in the next 30 days.
The retention team contacts the top 5 % with an offer.

**Training data.** 10,000 subscribers sampled from the customer table (features below), labels from cancellations in
the following 30 days. The reference dataset in Drift is that sample.

| feature | meaning |
|---|---|
| tenure_months | months since sign-up |
| monthly_charges | current monthly price, USD |
| contract, plan, payment_method, region | account attributes |
| support_tickets_30d | tickets opened in the last 30 days |
| sessions_per_week, days_since_last_login, has_mobile_app | usage |

**Evaluation.** ROC AUC on the validation split; the champion and the challenger are compared on a fresh holdout
under Models → Evaluate.

**Limitations.** Prices changed and a premium-plus plan launched after training: see the drift check
“churn-classifier v3: production week”. Retrain before trusting scores for premium-plus subscribers.
`

const VERSION_CARD = `**XGBoost**, 500 rounds, learning rate 0.05, depth 6: the best of the April sweep (run xgb-lr0.05-d6).

- Validation ROC AUC 0.87; threshold 0.5 for the campaign list.
- Trained on the reference dataset of the drift check; watch that check before each campaign.
- Known gap: subscribers on the premium-plus plan did not exist at training time.
`

/** Generates the MLflow store, imports it through the models area, enriches the registry and runs one evaluation. */
export async function populateModels(
  app: App,
  dir: string,
  opts: { now: number; trainPath: string; signal?: AbortSignal }
): Promise<{ imported: boolean; evaluated: boolean }> {
  let imported = false
  if (!app.models.list().some((m) => m.name === CHURN_MODEL)) {
    const store = await writeDemoStore(path.join(dir, 'mlruns'), { now: opts.now, trainPath: opts.trainPath })
    await followJob(app, app.models.startImport('mlruns', store.root), opts.signal)
    imported = true
  }
  const model = app.models.list().find((m) => m.name === CHURN_MODEL)
  if (!model) throw new Error(`the demo store was imported but has no ${CHURN_MODEL}`)
  const detail = app.models.get(model.id)
  const byVersion = new Map(detail.versions.map((v) => [v.version, v]))
  if (!detail.card) {
    app.models.update({ id: model.id, owner: 'growth-ml (maria.schmidt)', card: MODEL_CARD })
    // lineage: the challenger and the newest version were tuned from the champion's features
    for (const [child, parent] of [
      [4, 3],
      [5, 4]
    ] as const) {
      const c = byVersion.get(child)
      const p = byVersion.get(parent)
      if (c && p) app.models.updateVersion({ id: c.id, parentVersionId: p.id })
    }
    const champion = byVersion.get(3)
    if (champion)
      app.models.updateVersion({
        id: champion.id,
        notes: 'Promoted after a two-week A/B test: 11 % fewer cancellations in the treated group than with v2.',
        card: VERSION_CARD
      })
  }
  const v3 = byVersion.get(3)
  const v4 = byVersion.get(4)
  let evaluated = false
  if (v3 && v4 && !app.models.evaluations().some((e) => e.name === EVALUATION_NAME)) {
    const holdout = path.join(dir, 'churn-holdout.csv')
    await writeFile(
      holdout,
      await holdoutCsv(new Rng('control-console demo holdout'), 2000, [
        { name: 'v3', error: 1.35 },
        { name: 'v4', error: 1.2 }
      ])
    )
    await followJob(
      app,
      app.models.startEvaluate({
        name: EVALUATION_NAME,
        task: 'classification',
        holdoutPath: holdout,
        labelColumn: 'churned',
        idColumn: 'customer_id',
        positiveLabel: '1',
        predictions: [
          { versionId: v3.id, column: 'pred_v3', scoreColumn: 'score_v3' },
          { versionId: v4.id, column: 'pred_v4', scoreColumn: 'score_v4' }
        ],
        resamples: 200,
        seed: 42,
        confidence: 0.95,
        calibrationBins: 10
      }),
      opts.signal
    )
    evaluated = true
  }
  return { imported, evaluated }
}
