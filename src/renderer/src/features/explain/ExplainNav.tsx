import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { sub: '', label: 'Explanations' },
  { sub: 'new', label: 'New explanation' },
  { sub: 'row', label: 'Explain one row' },
  { sub: 'endpoints', label: 'Endpoints' }
]

/** The pages of the Explainability area. */
export function ExplainNav({ current }: { current: string }) {
  return (
    <SubNav
      label="Explainability pages"
      items={TABS.map((t) => ({ href: href(t.sub ? `/explain/${t.sub}` : '/explain'), label: t.label, active: t.sub === current }))}
    />
  )
}
