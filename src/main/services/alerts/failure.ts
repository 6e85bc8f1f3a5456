/** What was failing when an alert fired: the check, its error and the health components that did not pass. */
export interface FailingComponent {
  key: string
  status: string
  output: string | null
}

export interface FailureDetail {
  checkId: number | null
  checkName: string
  error: string | null
  components: FailingComponent[]
}

interface ReportedComponent {
  key: string
  name?: string
  status: string
  output?: string
}

/** The components of a health report that are not passing, worst (fail) first. */
export function failingComponents(components: readonly ReportedComponent[] | undefined): FailingComponent[] {
  return (components ?? [])
    .filter((c) => c.status !== 'pass')
    .sort((a, b) => (a.status === 'fail' ? 0 : 1) - (b.status === 'fail' ? 0 : 1))
    .map((c) => ({ key: c.key, status: c.status, output: c.output?.trim() || null }))
}

/** "postgres is unreachable" (the component's own output), or "db (fail)" when it says nothing; several joined by "; ". */
export function componentMessage(components: readonly FailingComponent[]): string {
  return components.map((c) => c.output ?? `${c.key} (${c.status})`).join('; ')
}

/** Parse the stored JSON (null when absent or not what we wrote). */
export function readFailure(raw: string | null): FailureDetail | null {
  if (!raw) return null
  try {
    const f = JSON.parse(raw) as FailureDetail
    return Array.isArray(f.components) ? f : null
  } catch {
    return null
  }
}
