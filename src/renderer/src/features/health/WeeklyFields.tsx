import { useMemo } from 'react'
import { Field } from '../../components/Field'
import { DAY_NAMES, WEEK_ORDER, type MaintenanceDraft } from './maintenanceDraft'

interface Props {
  draft: MaintenanceDraft
  set: (patch: Partial<MaintenanceDraft>) => void
  errorOf: (key: string) => string | undefined
}

/** Days of the week, start time, duration and time zone of a weekly window. */
export function WeeklyFields({ draft: d, set, errorOf }: Props) {
  const zones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), [])
  const toggle = (day: number): void => set({ days: d.days.includes(day) ? d.days.filter((x) => x !== day) : [...d.days, day] })
  return (
    <>
      <fieldset className="day-picker">
        <legend>Days</legend>
        {WEEK_ORDER.map((day) => (
          <label key={day} className="checkbox">
            <input type="checkbox" checked={d.days.includes(day)} onChange={() => toggle(day)} /> {DAY_NAMES[day]}
          </label>
        ))}
        {errorOf('days') && (
          <span className="field-error" role="alert">
            {errorOf('days')}
          </span>
        )}
      </fieldset>
      <div className="form-row">
        <Field label="Starts at (HH:MM)" error={errorOf('startTime')} className="narrow">
          <input type="time" value={d.startTime} onChange={(e) => set({ startTime: e.target.value })} />
        </Field>
        <Field label="Duration (min)" error={errorOf('durationMin')} className="narrow">
          <input type="number" min={1} value={d.durationMin} onChange={(e) => set({ durationMin: e.target.value })} />
        </Field>
        <Field label="Time zone" error={errorOf('timeZone')} hint="IANA name, e.g. Europe/Berlin">
          <input list="time-zones" value={d.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
        </Field>
        <datalist id="time-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </div>
    </>
  )
}
