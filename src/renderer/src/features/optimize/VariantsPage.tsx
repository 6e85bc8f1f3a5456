import { href } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel } from '../../lib/queries'
import { OptimizeNav } from './OptimizeNav'
import { VariantForm } from './VariantForm'

/** Optimised-versus-base comparisons, and the form to run one. */
export function VariantsPage() {
  const list = useChannel('optimize:variantComparisons')
  return (
    <div className="page">
      <PageHeader
        title="Optimised versus base"
        subtitle="Is the quantised, pruned or distilled model really better? File size, latency p50/p95/p99, accuracy with a paired interval, output agreement — and a gate that says pass or fail."
      />
      <OptimizeNav active="variants" />
      <VariantForm />
      {list.isPending && <Loading what="comparisons" />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && list.data.length === 0 && (
        <EmptyState title="No comparisons yet">
          Register the base and its variants (Models), put their predictions in one holdout file, add a latency results file, and compare:
          each variant’s verdict appears here.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <section className="card">
          <table className="table" aria-label="Comparisons">
            <thead>
              <tr>
                <th>Comparison</th>
                <th>Base</th>
                <th>Gate</th>
                <th>Compared</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={href(`/optimize/variants/${c.id}`)}>{c.name}</a>
                  </td>
                  <td>{c.base}</td>
                  <td>
                    <span className={`pill ${c.passed === c.variants ? 'pass' : c.passed ? 'warn' : 'fail'}`}>
                      {c.passed} of {c.variants} pass
                    </span>
                  </td>
                  <td>
                    <TimeAgo at={c.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
