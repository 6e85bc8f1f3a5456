import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel } from '../../lib/queries'
import { EnsembleForm } from './EnsembleForm'
import { METHOD_NAMES } from './ensembleCharts'
import { OptimizeNav } from './OptimizeNav'
import { fmtValue } from './optimizeCharts'

/** Ensembles built from registered versions, and the form to build one. */
export function EnsemblesPage() {
  const list = useChannel('optimize:ensembles')
  return (
    <div className="page">
      <PageHeader
        title="Ensembles"
        subtitle="Blend 2–10 versions by their predictions on a holdout: simple average, NNLS weights or Caruana’s greedy selection — evaluated on rows the weights never saw, against the champion."
      />
      <OptimizeNav active="ensembles" />
      <EnsembleForm />
      {list.isPending && <Loading what="ensembles" />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && list.data.length === 0 && (
        <EmptyState title="No ensembles yet">
          Register the versions to blend (Models), point the form above at a holdout file and each version’s predictions file, and build:
          the weights and the held-out comparison with the champion appear here.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <section className="card">
          <div className="table-scroll">
            <table className="table" aria-label="Ensembles">
              <thead>
                <tr>
                  <th>Ensemble</th>
                  <th>Task</th>
                  <th>Method</th>
                  <th>Members</th>
                  <th className="num">Held-out loss</th>
                  <th className="num">Champion</th>
                  <th>Verdict</th>
                  <th>Built</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={href(`/optimize/ensembles/${e.id}`)}>{e.name}</a>
                    </td>
                    <td>{e.task}</td>
                    <td>{METHOD_NAMES[e.method]}</td>
                    <td>{e.members.map((m) => m.label).join(', ')}</td>
                    <td className="num">
                      {e.lossKey} {fmtValue(e.ensembleLoss)}
                    </td>
                    <td className="num">
                      {e.championLabel}: {fmtValue(e.championLoss)}
                    </td>
                    <td>
                      <span className={`pill ${e.beatsChampion ? 'pass' : 'fail'}`}>
                        {e.beatsChampion ? 'beats the champion' : 'does not beat it'}
                      </span>
                    </td>
                    <td>
                      <TimeAgo at={e.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  )
}
