import type { ColumnDetail } from '../../../../shared/contract/drift'
import { categoryCountRows, formatShare } from './driftFormat'

/** Reference vs current rows and shares per category, beside the chart. */
export function CategoryCountTable({ categories }: { categories: NonNullable<ColumnDetail['categories']> }) {
  const rows = categoryCountRows(categories)
  const count = (n: number | null): string => (n === null ? '—' : n.toLocaleString('en-US'))
  return (
    <table className="table compact drift-category-counts" aria-label="Category counts, reference and current">
      <thead>
        <tr>
          <th>Category</th>
          <th className="num">Reference rows</th>
          <th className="num">Reference share</th>
          <th className="num">Current rows</th>
          <th className="num">Current share</th>
          <th className="num">Change (pts)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <td className="mono">{r.label}</td>
            <td className="num">{count(r.referenceCount)}</td>
            <td className="num">{formatShare(r.referenceShare)}</td>
            <td className="num">{count(r.currentCount)}</td>
            <td className="num">{formatShare(r.currentShare)}</td>
            <td className="num">{`${r.changePts > 0 ? '+' : ''}${r.changePts.toFixed(1)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
