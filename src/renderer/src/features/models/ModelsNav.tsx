import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

/** The Models area's pages. */
export function ModelsNav({ active }: { active: string }) {
  const items = [
    ['', 'Registry'],
    ['runs', 'Runs'],
    ['compare', 'Compare'],
    ['evaluate', 'Evaluate'],
    ['import', 'Import']
  ] as const
  return (
    <SubNav label="Models" items={items.map(([p, label]) => ({ href: href(`/models${p ? `/${p}` : ''}`), label, active: active === p }))} />
  )
}
