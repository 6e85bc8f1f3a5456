/** Statistics of a view: computed as a job on a worker, stored as one snapshot, read per window against all history. */
import type { JobStarted } from '../../../shared/contract/jobs'
import type { StatisticsResult, StatWindow } from '../../../shared/contract/features'
import { invalid } from '../../../shared/errors'
import { startedOf, type JobSpec } from '../../core/jobs'
import { publish, userError, type FeaturesDeps } from './context'
import type { StatisticsSnapshot } from './engine/stats'
import { resolveSource } from './files'

export class Statistics {
  constructor(private deps: FeaturesDeps) {}

  private job(name: string, asOf: number | undefined): JobSpec<{ view: string; rows: number }> {
    const view = this.deps.repo.view(name)
    if (!view) throw invalid('name', `there is no feature view “${name}”`)
    const def = this.deps.views.definition(view)
    let source
    try {
      source = resolveSource(def.source.path, def.source.format, 'name')
    } catch (err) {
      throw userError(err)
    }
    return {
      kind: 'features:statistics',
      area: 'features',
      title: `Statistics of ${name}`,
      unit: 'rows',
      route: `/features/views/${name}`,
      concurrency: 1,
      run: async (job) => {
        const snap = await this.deps.executor
          .run<StatisticsSnapshot>(
            { type: 'statistics', request: { timestampField: def.timestampField, features: def.features, source, asOf: asOf ?? null } },
            (done, total, message) => job.progress(done, total, message),
            job.signal
          )
          .catch((e: unknown) => Promise.reject(userError(e)))
        this.deps.repo.setStatistics({
          view_id: view.id,
          version: view.current_version,
          computed_at: this.deps.clock.now(),
          as_of: snap.asOf,
          snapshot: JSON.stringify(snap)
        })
        publish(this.deps, 'statistics', name)
        return { view: name, rows: snap.rows }
      }
    }
  }

  start(name: string, asOf?: number): JobStarted {
    return startedOf(this.deps.jobs.start(this.job(name, asOf)))
  }

  compute(name: string, asOf?: number): Promise<{ view: string; rows: number }> {
    return this.deps.jobs.run(() => this.job(name, asOf))
  }

  /** One window of the stored snapshot against all history; null before the first computation. */
  result(name: string, window: StatWindow): StatisticsResult | null {
    const view = this.deps.views.row(name)
    const row = this.deps.repo.statistics(view.id)
    if (!row) return null
    const snap = JSON.parse(row.snapshot) as StatisticsSnapshot
    const def = this.deps.views.definition(view, row.version)
    const w = snap.windows[window]
    const base = snap.windows.all
    return {
      view: name,
      version: row.version,
      computedAt: row.computed_at,
      asOf: snap.asOf,
      window,
      from: w.from,
      rows: w.rows,
      baselineRows: base.rows,
      windows: (Object.keys(snap.windows) as StatWindow[]).map((k) => ({ window: k, rows: snap.windows[k].rows })),
      features: def.features.map((f) => {
        const { psi, ...stats } = w.features[f.name]!
        const { psi: _unused, ...baseline } = base.features[f.name]!
        const shift = stats.mean !== null && baseline.mean !== null && baseline.sd ? (stats.mean - baseline.mean) / baseline.sd : null
        return {
          name: f.name,
          type: f.type,
          window: stats,
          baseline,
          psi: window === 'all' ? null : psi,
          meanShiftSd: window === 'all' ? null : shift
        }
      })
    }
  }
}
