import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

/** The Optimisation area's pages. */
export function OptimizeNav({ active }: { active: '' | 'ensembles' | 'variants' }) {
  const items = [
    ['', 'Tuning studies'],
    ['ensembles', 'Ensembles'],
    ['variants', 'Optimised vs base']
  ] as const
  return (
    <SubNav
      label="Optimisation"
      items={items.map(([p, label]) => ({ href: href(`/optimize${p ? `/${p}` : ''}`), label, active: active === p }))}
    />
  )
}
