import type { Route } from '../../app/router'
import { href } from '../../app/router'
import { EmptyState, PageHeader } from '../../components/States'
import { AlertDetailPage } from './AlertDetailPage'
import { AlertsPage } from './AlertsPage'
import { RuleEditorPage } from './RuleEditorPage'
import { RulesPage } from './RulesPage'
import { SilencesPage } from './SilencesPage'

const positiveId = (s: string | undefined): number | null => (s && /^\d+$/.test(s) && Number(s) > 0 ? Number(s) : null)

/** #/alerts, #/alerts/<id>, #/alerts/rules, #/alerts/rules/new, #/alerts/rules/<id>, #/alerts/silences. */
export function AlertsArea({ route }: { route: Route }) {
  const [sub, arg] = route.parts
  if (!sub) return <AlertsPage />
  if (sub === 'silences') return <SilencesPage />
  if (sub === 'rules' && !arg) return <RulesPage />
  if (sub === 'rules' && arg === 'new') return <RuleEditorPage key="new" id={null} />
  if (sub === 'rules' && positiveId(arg)) return <RuleEditorPage key={arg} id={positiveId(arg)} />
  const id = positiveId(sub)
  if (id && !arg) return <AlertDetailPage key={id} id={id} />
  return (
    <div className="page">
      <PageHeader title="Alerts" />
      <EmptyState title="No such page" action={<a href={href('/alerts')}>Back to the alerts</a>}>
        “{route.path}” is not a page of Alerts.
      </EmptyState>
    </div>
  )
}
