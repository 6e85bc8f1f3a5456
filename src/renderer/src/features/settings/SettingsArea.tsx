import type { Route } from '../../app/router'
import { SubNav } from '../../components/SubNav'
import { AuditLogPage } from './AuditLogPage'
import { SettingsPage } from './SettingsPage'

/** Settings and its audit log, as two tabs. */
export function SettingsArea({ route }: { route: Route }) {
  const audit = route.parts[0] === 'audit'
  return (
    <>
      <SubNav
        label="Settings pages"
        items={[
          { href: '#/settings', label: 'Workspace', active: !audit },
          { href: '#/settings/audit', label: 'Audit log', active: audit }
        ]}
      />
      {audit ? <AuditLogPage /> : <SettingsPage />}
    </>
  )
}
