import type { ReactNode } from 'react'

/** A big number with its label, tinted by what it counts (up, warn, down, maint, idle). */
export function StatTile({
  label,
  value,
  tone,
  hint
}: {
  label: string
  value: ReactNode
  tone?: 'up' | 'warn' | 'down' | 'maint' | 'idle'
  hint?: string
}) {
  return (
    <div className={`stat-tile${tone ? ` tone-${tone}` : ''}`} title={hint}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  )
}
