export interface SubNavItem {
  href: string
  label: string
  active: boolean
}

/** Tabs between the pages of one area. */
export function SubNav({ items, label }: { items: SubNavItem[]; label: string }) {
  return (
    <nav className="subnav" aria-label={label}>
      {items.map((i) => (
        <a key={i.href} href={i.href} className={i.active ? 'active' : ''} aria-current={i.active ? 'page' : undefined}>
          {i.label}
        </a>
      ))}
    </nav>
  )
}
