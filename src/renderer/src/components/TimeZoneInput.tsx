import { useId, useMemo } from 'react'

/** IANA zones the browser knows, UTC first. */
function zones(): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return ['UTC', ...all.filter((z) => z !== 'UTC')]
}

/**
 * A schedule's time zone: any IANA name, with the known ones offered as suggestions. Empty means the zone of the
 * machine running the console (the service fills it in and shows it after saving).
 */
export function TimeZoneInput({ value, onChange, label = 'Time zone' }: { value: string; onChange: (v: string) => void; label?: string }) {
  const list = useId()
  const options = useMemo(zones, [])
  return (
    <>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        list={list}
        placeholder="the console machine’s zone"
        aria-label={label}
        className="mono"
        spellCheck={false}
      />
      <datalist id={list}>
        {options.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  )
}
