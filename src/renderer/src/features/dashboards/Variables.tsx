import { VARIABLE_KINDS, type Variable } from '../../../../shared/contract/dashboards'
import { useChannel } from '../../lib/queries'

/** One select per variable; service, environment and model variables list what the workspace has. */
export function VariableBar({
  variables,
  values,
  onChange
}: {
  variables: Variable[]
  values: Record<string, string>
  onChange: (name: string, value: string) => void
}) {
  return (
    <>
      {variables.map((v) => (
        <VariableSelect key={v.name} variable={v} value={values[v.name] ?? ''} onChange={(x) => onChange(v.name, x)} />
      ))}
    </>
  )
}

function VariableSelect({ variable, value, onChange }: { variable: Variable; value: string; onChange: (v: string) => void }) {
  const listed = useChannel('dashboards:variableOptions', { kind: variable.kind as 'service' }, { enabled: variable.kind !== 'custom' })
  const options = variable.kind === 'custom' ? variable.options : (listed.data ?? [])
  const all = value && !options.includes(value) ? [value, ...options] : options
  return (
    <label className="inline">
      <span>{variable.label || `$${variable.name}`}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={`Variable ${variable.name}`}>
        <option value="">(all)</option>
        {all.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  )
}

/** Adding, changing and removing the dashboard's variables. */
export function VariablesEditor({ variables, onChange }: { variables: Variable[]; onChange: (v: Variable[]) => void }) {
  const set = (i: number, patch: Partial<Variable>) => onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)))
  return (
    <fieldset className="dash-variables">
      <legend>Variables</legend>
      {variables.length === 0 && <p className="muted small">None yet. A variable such as $service can be used in every panel query.</p>}
      {variables.map((v, i) => (
        <div className="form-row" key={i}>
          <input aria-label={`Variable ${i + 1} name`} value={v.name} onChange={(e) => set(i, { name: e.target.value })} size={12} />
          <select
            aria-label={`Variable ${i + 1} kind`}
            value={v.kind}
            onChange={(e) => set(i, { kind: e.target.value as Variable['kind'] })}
          >
            {VARIABLE_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
          {v.kind === 'custom' && (
            <input
              aria-label={`Variable ${i + 1} values`}
              placeholder="values, comma separated"
              value={v.options.join(', ')}
              onChange={(e) =>
                set(i, {
                  options: e.target.value
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                })
              }
            />
          )}
          <input
            aria-label={`Variable ${i + 1} default`}
            placeholder="default value"
            value={v.current}
            onChange={(e) => set(i, { current: e.target.value })}
            size={12}
          />
          <button onClick={() => onChange(variables.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <button
        onClick={() =>
          onChange([
            ...variables,
            {
              name: variables.some((v) => v.name === 'service') ? `var${variables.length + 1}` : 'service',
              kind: 'service',
              label: '',
              options: [],
              current: ''
            }
          ])
        }
      >
        Add a variable
      </button>
    </fieldset>
  )
}
