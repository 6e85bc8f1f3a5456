import { Chart } from '../../components/Chart'
import { ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { importanceOption } from './optimizeCharts'

/** Parameter importances with their bootstrap interval, and the method named. */
export function ImportancesView({ studyId, objective }: { studyId: number; objective: number }) {
  const imp = useChannel('optimize:importances', { id: studyId, objective })
  if (imp.isPending) return <Loading what="importances" />
  if (imp.error) return <ErrorNotice error={imp.error} />
  if (!imp.data.params.length)
    return <p className="muted">Importances need at least 5 complete trials with a finite value ({imp.data.trialsUsed} so far).</p>
  return (
    <>
      <Chart
        option={importanceOption(imp.data.params)}
        label="Parameter importances"
        height={Math.max(200, 60 + imp.data.params.length * 36)}
        exportName="importances"
      />
      <p className="small muted">
        Method: {imp.data.method}. Computed over {imp.data.trialsUsed} complete trials. A wide interval means the study has not sampled
        enough to tell.
      </p>
    </>
  )
}
