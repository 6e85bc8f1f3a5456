import type { MetricDraft } from './experimentDraft'

/** A labelled select over fixed choices: [value, text] pairs, or values shown as they are. */
export function Choice<T extends string>({
  label,
  value,
  options,
  onChange
}: {
  label: string
  value: T
  options: readonly (T | readonly [T, string])[]
  onChange: (v: T) => void
}) {
  return (
    <select value={value} onChange={(ev) => onChange(ev.target.value as T)} aria-label={label}>
      {options.map((o) => {
        const [v, text] = typeof o === 'string' ? [o, o] : o
        return (
          <option key={v} value={v}>
            {text}
          </option>
        )
      })}
    </select>
  )
}

/** One metric of the form: key, name, kind, its event (or the two parts of a ratio), window, role, direction, CUPED. */
export function MetricRow({
  m,
  i,
  parts,
  set,
  remove,
  err
}: {
  m: MetricDraft
  i: number
  /** Keys of the proportion and mean metrics a ratio can divide. */
  parts: string[]
  set: (patch: Partial<MetricDraft>) => void
  remove: () => void
  err: (key: string) => string | undefined
}) {
  const label = (what: string): string => `Metric ${i} ${what}`
  const eventError = err(`metrics.${i}.event`) ?? err(`metrics.${i}.numerator`) ?? err(`metrics.${i}.denominator`)
  const partOptions = (blank: string): (readonly [string, string])[] => [['', blank], ...parts.map((k) => [k, k] as const)]
  return (
    <tr>
      <td>
        <input className="mono key-input" value={m.key} onChange={(ev) => set({ key: ev.target.value })} aria-label={label('key')} />
        {err(`metrics.${i}.key`) && <span className="field-error">{err(`metrics.${i}.key`)}</span>}
      </td>
      <td>
        <input className="name-input" value={m.name} onChange={(ev) => set({ name: ev.target.value })} aria-label={label('name')} />
      </td>
      <td>
        <Choice
          label={label('kind')}
          value={m.kind}
          options={['proportion', 'mean', 'ratio'] as const}
          onChange={(kind) => set({ kind })}
        />
      </td>
      <td>
        {m.kind === 'ratio' ? (
          <span className="ratio-parts">
            <Choice
              label={label('numerator')}
              value={m.numerator}
              options={partOptions('numerator…')}
              onChange={(numerator) => set({ numerator })}
            />{' '}
            /{' '}
            <Choice
              label={label('denominator')}
              value={m.denominator}
              options={partOptions('denominator…')}
              onChange={(denominator) => set({ denominator })}
            />
          </span>
        ) : (
          <input
            className="mono key-input"
            value={m.event}
            onChange={(ev) => set({ event: ev.target.value })}
            aria-label={label('event')}
            placeholder="purchase"
          />
        )}
        {eventError && <span className="field-error">{eventError}</span>}
      </td>
      <td className="num">
        <input
          type="number"
          min={0}
          step="any"
          value={m.windowHours}
          placeholder="none"
          onChange={(ev) => set({ windowHours: ev.target.value })}
          aria-label={label('window')}
        />
      </td>
      <td>
        <Choice
          label={label('role')}
          value={m.role}
          options={['primary', 'secondary', 'guardrail'] as const}
          onChange={(role) => set({ role })}
        />
      </td>
      <td>
        <Choice
          label={label('direction')}
          value={m.higherIsBetter ? 'higher' : 'lower'}
          options={['higher', 'lower'] as const}
          onChange={(v) => set({ higherIsBetter: v === 'higher' })}
        />
      </td>
      <td>
        <input type="checkbox" checked={m.cuped} onChange={(ev) => set({ cuped: ev.target.checked })} aria-label={label('CUPED')} />
      </td>
      <td>
        <button type="button" onClick={remove}>
          Remove
        </button>
      </td>
    </tr>
  )
}
