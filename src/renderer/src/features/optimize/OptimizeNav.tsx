import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

/** The Optimisation area's pages. */
export function OptimizeNav({ active }: { active: '' | 'ensembles' }) {
  const items = [
    ['', 'Tuning studies'],
    ['ensembles', 'Ensembles']
  ] as const
  return (
    <SubNav
      label="Optimisation"
      items={items.map(([p, label]) => ({ href: href(`/optimize${p ? `/${p}` : ''}`), label, active: active === p }))}
    />
  )
}
