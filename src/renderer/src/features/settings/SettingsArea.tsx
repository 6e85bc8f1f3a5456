import { lazy } from 'react'
import type { Route } from '../../app/router'
import { SubNav } from '../../components/SubNav'
import { useAuth } from '../../lib/auth'
import { AuditLogPage } from './AuditLogPage'
import { SettingsPage } from './SettingsPage'

const TeamSettingsPage = lazy(async () => ({ default: (await import('./team/TeamSettingsPage')).TeamSettingsPage }))

/** Settings, its audit log and, on a team server, Team (preferences, tokens, users, workspaces), as tabs. */
export function SettingsArea({ route }: { route: Route }) {
  const tab = route.parts[0]
  const team = useAuth().data?.mode === 'team'
  return (
    <>
      <SubNav
        label="Settings pages"
        items={[
          { href: '#/settings', label: 'Workspace', active: tab !== 'audit' && tab !== 'team' },
          { href: '#/settings/audit', label: 'Audit log', active: tab === 'audit' },
          ...(team ? [{ href: '#/settings/team', label: 'Team', active: tab === 'team' }] : [])
        ]}
      />
      {tab === 'audit' ? <AuditLogPage /> : tab === 'team' ? <TeamSettingsPage /> : <SettingsPage />}
    </>
  )
}
