import type { Route } from '../../app/router'
import { href } from '../../app/router'
import { EmptyState, PageHeader } from '../../components/States'
import { SubNav } from '../../components/SubNav'
import { CheckEditorPage } from './CheckEditorPage'
import { CheckPage } from './CheckPage'
import { ChecksListPage } from './ChecksListPage'
import { ColumnPage } from './ColumnPage'
import { DatasetPage } from './DatasetPage'
import { DatasetsPage } from './DatasetsPage'
import { ImportPage } from './ImportPage'
import { RunPage } from './RunPage'

const TABS = [
  { sub: '', label: 'Checks' },
  { sub: 'datasets', label: 'Datasets' },
  { sub: 'datasets/import', label: 'Import data' }
]

/** The pages of the Drift area. */
export function DriftTabs({ current }: { current: string }) {
  return (
    <SubNav
      label="Drift pages"
      items={TABS.map((t) => ({ href: href(t.sub ? `/drift/${t.sub}` : '/drift'), label: t.label, active: t.sub === current }))}
    />
  )
}

const positive = (s: string | undefined): number | null => {
  const n = Number(s)
  return Number.isInteger(n) && n > 0 ? n : null
}

/**
 * #/drift (checks), #/drift/datasets, #/drift/datasets/import, #/drift/datasets/<id>, #/drift/checks/new,
 * #/drift/checks/<id>, #/drift/checks/<id>/edit, #/drift/runs/<runId>, #/drift/runs/<runId>/<column>.
 */
export function DriftPage({ route }: { route: Route }) {
  const [a, b, c] = route.parts
  if (!a) return <ChecksListPage />
  if (a === 'datasets' && !b) return <DatasetsPage />
  if (a === 'datasets' && b === 'import') return <ImportPage />
  if (a === 'datasets' && positive(b)) return <DatasetPage key={b} id={positive(b)!} />
  if (a === 'checks' && b === 'new') return <CheckEditorPage />
  if (a === 'checks' && positive(b) && c === 'edit') return <CheckEditorPage key={b} id={positive(b)!} />
  if (a === 'checks' && positive(b) && !c) return <CheckPage key={b} id={positive(b)!} />
  if (a === 'runs' && positive(b) && c) return <ColumnPage key={`${b}/${c}`} runId={positive(b)!} column={c} />
  if (a === 'runs' && positive(b)) return <RunPage key={b} runId={positive(b)!} />
  return (
    <div className="page drift-page">
      <PageHeader title="Drift" />
      <EmptyState title="No such page" action={<a href={href('/drift')}>Back to the drift checks</a>}>
        “{route.parts.join('/')}” is not a page of Drift.
      </EmptyState>
    </div>
  )
}
