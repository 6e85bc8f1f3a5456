/** critical / warning / info as a colored pill. */
export function SeverityPill({ severity }: { severity: string }) {
  return <span className={`pill severity-${severity}`}>{severity}</span>
}
