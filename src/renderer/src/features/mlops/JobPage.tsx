import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { MlopsNav } from './MlopsNav'
import { RunForm } from './RunForm'
import { RunsTable } from './RunsTable'
import { SweepsPanel } from './SweepsPanel'
import { TriggersPanel } from './TriggersPanel'

/** One job: what it runs, a run form, its triggers, sweeps and runs. */
export function JobPage({ id }: { id: number }) {
  const job = useChannel('mlops:job', { id })
  const del = useCommand('mlops:deleteJob', ['mlops:jobs'])
  if (job.error) return <ErrorNotice error={job.error} />
  if (!job.data) return <Loading what="the job" />
  const j = job.data
  return (
    <div className="page">
      <PageHeader
        title={j.name}
        subtitle={<span className="mono">{j.command}</span>}
        actions={
          <>
            <a className="button-link" href={href(`/mlops/jobs/${id}/edit`)}>
              Edit
            </a>
            <ConfirmButton
              className="danger"
              question={`Delete “${j.name}”, its triggers and runs?`}
              onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/mlops') })}
            >
              Delete
            </ConfirmButton>
          </>
        }
      />
      <MlopsNav current="" />
      <section className="card">
        <dl className="facts">
          <dt>Working folder</dt>
          <dd className="mono">{j.workingDir}</dd>
          <dt>Tries</dt>
          <dd>
            {j.retries}, {j.backoffSec} s apart; timeout {j.timeoutSec} s; {j.concurrency} at once
          </dd>
          <dt>Produces</dt>
          <dd>{j.output === 'mlflow' ? 'an MLflow run' : `metrics.json and ${j.artifactPath}`}</dd>
          <dt>Pipeline</dt>
          <dd>
            {j.pipeline
              ? `registers ${j.pipeline.modelName}; ${j.pipeline.evaluation ? `evaluates on ${j.pipeline.evaluation.holdoutPath}; ` : ''}gate: ${
                  j.pipeline.gate
                    .map(
                      (g) =>
                        `${g.metric}${g.threshold !== undefined ? ` ${g.greaterIsBetter ? '≥' : '≤'} ${g.threshold}` : ''}${g.minAbsoluteChange !== undefined ? `, +${g.minAbsoluteChange} over champion` : ''}${g.minRelativeChange !== undefined ? `, +${g.minRelativeChange * 100} % over champion` : ''}`
                    )
                    .join('; ') || 'none'
                }; on pass → ${j.pipeline.promoteTo}`
              : 'registers nothing'}
          </dd>
          <dt>Secrets</dt>
          <dd>{j.secretNames.length ? j.secretNames.join(', ') : 'none'}</dd>
        </dl>
      </section>
      <RunForm job={j} />
      <TriggersPanel jobId={id} />
      <SweepsPanel job={j} />
      <section className="card">
        <h2>Runs</h2>
        <RunsTable jobId={id} />
      </section>
    </div>
  )
}
