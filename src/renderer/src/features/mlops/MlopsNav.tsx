import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { sub: '', label: 'Jobs' },
  { sub: 'new', label: 'New job' },
  { sub: 'runs', label: 'Runs' },
  { sub: 'deployments', label: 'Deployments' },
  { sub: 'lineage', label: 'Lineage' }
]

/** The pages of the MLOps area. */
export function MlopsNav({ current }: { current: string }) {
  return (
    <SubNav
      label="MLOps pages"
      items={TABS.map((t) => ({ href: href(t.sub ? `/mlops/${t.sub}` : '/mlops'), label: t.label, active: t.sub === current }))}
    />
  )
}
