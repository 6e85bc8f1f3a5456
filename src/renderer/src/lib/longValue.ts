/** How a param or tag value is shown: short as it is; long JSON or long text collapsed behind a one-line summary. */
export type LongValueView =
  { kind: 'short'; text: string } | { kind: 'json'; summary: string; full: string } | { kind: 'long'; summary: string; full: string }

export function longValueView(value: string, max = 80): LongValueView {
  if (value.length <= max) return { kind: 'short', text: value }
  const trimmed = value.trim()
  if (/^[[{]/.test(trimmed)) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      const what = Array.isArray(parsed)
        ? `[${parsed.length} item${parsed.length === 1 ? '' : 's'}]`
        : parsed && typeof parsed === 'object'
          ? `{${Object.keys(parsed).length} key${Object.keys(parsed).length === 1 ? '' : 's'}}`
          : ''
      return { kind: 'json', summary: `JSON ${what} · ${value.length.toLocaleString()} characters`, full: JSON.stringify(parsed, null, 2) }
    } catch {
      // not JSON after all: shown as long text
    }
  }
  return { kind: 'long', summary: `${value.slice(0, max)}…`, full: value }
}

/** MLflow's own bookkeeping tags (mlflow.runName, mlflow.source.name, mlflow.log-model.history…). */
export const isSystemTag = (key: string): boolean => key.startsWith('mlflow.')

/** Tags without MLflow's system tags unless asked for, and how many were hidden. */
export function visibleTags<T>(entries: [string, T][], showSystem: boolean): { shown: [string, T][]; hidden: number } {
  const shown = showSystem ? entries : entries.filter(([k]) => !isSystemTag(k))
  return { shown, hidden: entries.length - shown.length }
}
