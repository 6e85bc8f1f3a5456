import { EmptyState, Loading, PageHeader } from '../../../components/States'
import { href } from '../../../app/router'
import { useAuth } from '../../../lib/auth'
import { PreferencesPanel } from './PreferencesPanel'
import { TokensPanel } from './TokensPanel'
import { UsersPanel } from './UsersPanel'
import { WorkspacesPanel } from './WorkspacesPanel'

/** Settings → Team: your preferences, password and tokens; for server admins, users and workspaces. */
export function TeamSettingsPage() {
  const auth = useAuth()
  if (auth.isPending) return <Loading what="your account" />
  const state = auth.data
  if (!state || state.mode !== 'team' || !state.user)
    return (
      <div className="page">
        <PageHeader title="Team" />
        <EmptyState title="This console is not a team server">
          Users, roles and tokens exist when the console is served with <code>serve --team DIR</code> (see docs/team.md).{' '}
          <a href={href('/settings')}>Back to Settings</a>
        </EmptyState>
      </div>
    )
  const admin = state.user.serverAdmin
  return (
    <div className="page">
      <PageHeader
        title="Team"
        subtitle={`Signed in as ${state.user.displayName} (${state.user.name}), ${state.role} in ${state.workspace}${admin ? ', server admin' : ''}.`}
      />
      <div className="grid two">
        <PreferencesPanel state={state} />
        <TokensPanel />
      </div>
      {admin && <UsersPanel />}
      {admin && <WorkspacesPanel />}
    </div>
  )
}
