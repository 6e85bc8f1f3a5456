import { href } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { ProvisionedNote } from '../../components/ProvisionedNote'
import { useChannel } from '../../lib/queries'
import { AlertsTabs } from './AlertsTabs'
import { draftOf, emptyRule } from './ruleDraft'
import { RuleForm } from './RuleForm'

/** #/alerts/rules/new and #/alerts/rules/<id>. */
export function RuleEditorPage({ id }: { id: number | null }) {
  const rules = useChannel('alerts:rules', undefined, { enabled: id !== null })
  const rule = id === null ? null : rules.data?.find((r) => r.id === id)
  const back = <a href={href('/alerts/rules')}>← Rules</a>
  return (
    <div className="page">
      <PageHeader
        title={id === null ? 'New alert rule' : rule ? `Rule: ${rule.name}` : 'Alert rule'}
        subtitle={
          rule ? (
            <>
              {back} · {rule.description}
              {rule.builtin ? ' · built-in default rule' : ''}
            </>
          ) : (
            back
          )
        }
      />
      <AlertsTabs current="rules" />
      {id === null && <RuleForm id={null} initial={emptyRule()} />}
      {id !== null && rules.isPending && <Loading what="the rule" />}
      {id !== null && rules.error && <ErrorNotice error={rules.error} title="Could not load the rule" />}
      {id !== null && rules.data && !rule && (
        <ErrorNotice error={new Error(`There is no rule #${id}; it may have been deleted.`)} title="Rule not found" />
      )}
      {rule && <ProvisionedNote kind="alerts" object={rule.name} />}
      {rule && <RuleForm key={rule.id} id={rule.id} initial={draftOf(rule)} builtin={rule.builtin} />}
    </div>
  )
}
