import type { DriftRunSummary } from '../../../../shared/contract/drift'

/** The verdict of a run as a pill: drift, no drift, failed, cancelled, running. */
export function RunState({ run }: { run: Pick<DriftRunSummary, 'state' | 'datasetDrift' | 'predictionDrift' | 'error'> }) {
  if (run.state === 'running') return <span className="pill PENDING">running</span>
  if (run.state === 'cancelled') return <span className="pill PAUSED">cancelled</span>
  if (run.state === 'failed')
    return (
      <span className="pill fail" title={run.error ?? ''}>
        failed
      </span>
    )
  if (run.datasetDrift) return <span className="pill fail">dataset drift</span>
  if (run.predictionDrift) return <span className="pill warn">prediction drift</span>
  return <span className="pill pass">no drift</span>
}
