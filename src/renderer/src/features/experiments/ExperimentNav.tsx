import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { sub: '', label: 'Results' },
  { sub: 'cumulative', label: 'Over time' },
  { sub: 'dimensions', label: 'Dimensions' },
  { sub: 'power', label: 'Power' },
  { sub: 'decision', label: 'Decision' },
  { sub: 'import', label: 'Import data' },
  { sub: 'assign', label: 'Assignment' },
  { sub: 'edit', label: 'Setup' }
]

/** The pages of one experiment. */
export function ExperimentNav({ id, current }: { id: number; current: string }) {
  return (
    <SubNav
      label="Experiment pages"
      items={TABS.map((t) => ({ href: href(`/experiments/${id}${t.sub ? `/${t.sub}` : ''}`), label: t.label, active: t.sub === current }))}
    />
  )
}
