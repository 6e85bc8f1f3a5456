import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { id: '', label: 'Search' },
  { id: 'tail', label: 'Live tail' },
  { id: 'errors', label: 'Error issues' },
  { id: 'sources', label: 'Sources' }
]

export function LogsNav({ active }: { active: string }) {
  return (
    <SubNav
      label="Logs pages"
      items={TABS.map((t) => ({ href: href(t.id ? `/logs/${t.id}` : '/logs'), label: t.label, active: t.id === active }))}
    />
  )
}
