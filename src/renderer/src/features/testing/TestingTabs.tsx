import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

const TABS = [
  { id: 'load', label: 'Load tests' },
  { id: 'scans', label: 'Security scans' },
  { id: 'deploys', label: 'Deploys' },
  { id: 'probes', label: 'Probes' },
  { id: 'faults', label: 'Faults' },
  { id: 'drills', label: 'Recovery drills' }
]

/** The pages of the Testing area. */
export function TestingTabs({ current }: { current: string }) {
  return (
    <SubNav label="Testing pages" items={TABS.map((t) => ({ href: href(`/testing/${t.id}`), label: t.label, active: t.id === current }))} />
  )
}
