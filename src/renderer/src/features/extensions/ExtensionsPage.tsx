import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { CataloguePage } from './CataloguePage'
import { ExtensionPage } from './ExtensionPage'
import { ExtensionsList } from './ExtensionsList'
import { InstallPage } from './InstallPage'
import { ToolsPage } from './ToolsPage'

const ID = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/

/** #/extensions, #/extensions/catalogue, #/extensions/install, #/extensions/tools, #/extensions/<extension id>. */
export function ExtensionsPage({ route }: { route: Route }) {
  const [sub, more] = route.parts
  if (more === undefined) {
    if (sub === undefined) return <ExtensionsList />
    if (sub === 'catalogue') return <CataloguePage />
    if (sub === 'install') return <InstallPage />
    if (sub === 'tools') return <ToolsPage />
    if (ID.test(sub)) return <ExtensionPage key={sub} id={sub} />
  }
  return <NoSuchPage title="Extensions" path={route.path} back="/extensions" backLabel="Back to the extensions" />
}
