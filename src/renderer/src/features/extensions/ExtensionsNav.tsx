import { href } from '../../app/router'
import { SubNav } from '../../components/SubNav'

export function ExtensionsNav({ at }: { at: 'installed' | 'catalogue' | 'install' | 'tools' }) {
  return (
    <SubNav
      label="Extensions"
      items={[
        { href: href('/extensions'), label: 'Installed', active: at === 'installed' },
        { href: href('/extensions/catalogue'), label: 'Catalogue', active: at === 'catalogue' },
        { href: href('/extensions/install'), label: 'Install from a file', active: at === 'install' },
        { href: href('/extensions/tools'), label: 'Tools on this machine', active: at === 'tools' }
      ]}
    />
  )
}
