import { PageHeader } from '../../components/States'
import { ModelsNav } from './ModelsNav'
import { RankedTable } from './RankedTable'

/** Every imported run with its latest metrics as columns: search, sort, and compare the best. */
export function RunsPage() {
  return (
    <div className="page">
      <PageHeader title="Models" subtitle="Imported runs with their latest metrics: search, sort by a metric, compare the best." />
      <ModelsNav active="runs" />
      <section className="card models-card">
        <h2>Runs</h2>
        <RankedTable kind="run" />
      </section>
    </div>
  )
}
