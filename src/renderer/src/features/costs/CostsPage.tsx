import type { Route } from '../../app/router'
import { href } from '../../app/router'
import { EmptyState, PageHeader } from '../../components/States'
import { CostsNav } from './CostsNav'
import { BudgetsPage } from './BudgetsPage'
import { DashboardPage } from './DashboardPage'
import { ImportPage } from './ImportPage'
import { ReportDocumentPage, ReportsPage } from './ReportsPage'
import { SavingsPage } from './SavingsPage'

/** #/costs, #/costs/import, #/costs/budgets, #/costs/savings, #/costs/reports, #/costs/report/<from>/<to>[/<service>]. */
export function CostsPage({ route }: { route: Route }) {
  const [sub = '', ...rest] = route.parts
  if (sub === 'report') return <ReportDocumentPage from={rest[0] ?? ''} to={rest[1] ?? ''} service={rest[2]} />
  const page =
    sub === '' ? (
      <DashboardPage />
    ) : sub === 'import' ? (
      <ImportPage />
    ) : sub === 'budgets' ? (
      <BudgetsPage />
    ) : sub === 'savings' ? (
      <SavingsPage />
    ) : sub === 'reports' ? (
      <ReportsPage />
    ) : null
  return (
    <div className="page costs-page">
      <PageHeader title="Costs" subtitle="Imported cloud bills, budgets, forecasts and reports." />
      <CostsNav active={sub} />
      {page ?? (
        <EmptyState title="No such page" action={<a href={href('/costs')}>Back to the cost dashboard</a>}>
          “{sub}” is not a page of Costs.
        </EmptyState>
      )}
    </div>
  )
}
