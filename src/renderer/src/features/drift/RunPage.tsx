import { href } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { RunReportView } from './RunReport'

export function RunPage({ runId }: { runId: number }) {
  const run = useChannel('drift:run', { runId })
  if (run.isPending) return <Loading what="run" />
  if (run.error) return <ErrorNotice error={run.error} />
  return (
    <div className="page drift-page">
      <PageHeader
        title={`${run.data.checkName} · run #${runId}`}
        subtitle={<a href={href(`/drift/checks/${run.data.checkId}`)}>← back to the check</a>}
      />
      <section className="card">
        <RunReportView run={run.data} />
      </section>
    </div>
  )
}
