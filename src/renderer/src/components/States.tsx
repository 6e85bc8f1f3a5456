import type { ReactNode } from 'react'
import { AppError } from '../../../shared/errors'
import { placeErrors } from '../lib/formErrors'

/** Mistakes the person can fix (said in words, no code); the rest keep their code for a bug report. */
const USER_CODES = new Set(['VALIDATION', 'CONFLICT', 'NOT_FOUND', 'CANCELLED', 'PAYLOAD_TOO_LARGE'])

export function ErrorNotice({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const code = error instanceof AppError ? error.code : 'ERROR'
  const lines = error instanceof AppError && error.code === 'VALIDATION' ? placeErrors(error, []).unplaced : null
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      {!USER_CODES.has(code) && <span className="code">{code}</span>}
      {lines && lines.length > 1 ? (
        <ul>
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ) : (
        <p>{lines?.[0] ?? message}</p>
      )}
    </div>
  )
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {action}
    </div>
  )
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" aria-busy="true">
      Loading {what}…
    </div>
  )
}

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </header>
  )
}
