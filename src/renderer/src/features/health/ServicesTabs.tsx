import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { sub: '', label: 'Services' },
  { sub: 'usage', label: 'API usage' },
  { sub: 'maintenance', label: 'Maintenance' },
  { sub: 'status', label: 'Status pages' },
  { sub: 'import', label: 'Import / export' }
]

/** The pages of the Services area. */
export function ServicesTabs({ current }: { current: string }) {
  return (
    <SubNav
      label="Services pages"
      items={TABS.map((t) => ({ href: href(t.sub ? `/services/${t.sub}` : '/services'), label: t.label, active: t.sub === current }))}
    />
  )
}
