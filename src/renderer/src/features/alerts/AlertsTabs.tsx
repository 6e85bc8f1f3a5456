import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { sub: '', label: 'Alerts' },
  { sub: 'rules', label: 'Rules' },
  { sub: 'silences', label: 'Silences' }
]

/** The pages of the Alerts area; notification channels live under Integrations. */
export function AlertsTabs({ current }: { current: '' | 'rules' | 'silences' }) {
  return (
    <SubNav
      label="Alerts pages"
      items={[
        ...TABS.map((t) => ({ href: href(t.sub ? `/alerts/${t.sub}` : '/alerts'), label: t.label, active: t.sub === current })),
        { href: href('/integrations'), label: 'Channels ↗', active: false }
      ]}
    />
  )
}
