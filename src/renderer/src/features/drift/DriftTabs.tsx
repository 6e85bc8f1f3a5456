import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

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
