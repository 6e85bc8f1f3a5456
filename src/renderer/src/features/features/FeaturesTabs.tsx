import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { sub: '', label: 'Views' },
  { sub: 'training-sets', label: 'Training sets' },
  { sub: 'online', label: 'Online lookup' },
  { sub: 'code', label: 'Code (YAML)' }
]

/** The pages of the Features area. */
export function FeaturesTabs({ current }: { current: string }) {
  return (
    <SubNav
      label="Features pages"
      items={TABS.map((t) => ({ href: href(t.sub ? `/features/${t.sub}` : '/features'), label: t.label, active: t.sub === current }))}
    />
  )
}
