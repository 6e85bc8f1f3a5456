import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { id: '', label: 'Dashboard' },
  { id: 'import', label: 'Import' },
  { id: 'budgets', label: 'Budgets' },
  { id: 'savings', label: 'Recommendations' },
  { id: 'reports', label: 'Reports' }
]

export function CostsNav({ active }: { active: string }) {
  return (
    <SubNav
      label="Costs pages"
      items={TABS.map((t) => ({ href: href(t.id ? `/costs/${t.id}` : '/costs'), label: t.label, active: t.id === active }))}
    />
  )
}
