import { useState } from 'react'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { contractErrors, useFormErrors } from '../../lib/formErrors'
import { useCommand } from '../../lib/queries'
import { REGISTRY_QUERIES } from './ModelForms'

/** Point an alias (champion, challenger…) at a version; a bad name is said under the field, in words. */
export function AliasForm({ versionId }: { versionId: number }) {
  const setAlias = useCommand('models:setAlias', [...REGISTRY_QUERIES])
  const [alias, setAliasName] = useState('champion')
  const form = useFormErrors()
  const keys = ['alias']
  return (
    <>
      <form
        className="inline-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const input = { versionId, alias }
          if (!form.check(contractErrors('models:setAlias', input, keys).placed)) return
          setAlias.mutate(input, { onError: (err) => form.fromService(err, keys) })
        }}
      >
        <Field label="Alias" error={form.errorOf('alias')} hint="e.g. champion, challenger">
          <input
            value={alias}
            onChange={(e) => {
              form.clear('alias')
              setAliasName(e.target.value)
            }}
            aria-label="Alias name"
            list="alias-names"
          />
        </Field>
        <datalist id="alias-names">
          <option value="champion" />
          <option value="challenger" />
        </datalist>
        <button type="submit" disabled={setAlias.isPending}>
          Point alias here
        </button>
      </form>
      {form.unplaced.length > 0 && <ErrorNotice error={setAlias.error} title="The alias was not set" />}
    </>
  )
}
