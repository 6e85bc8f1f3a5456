import type { ReactNode } from 'react'
import { AppError } from '../../../shared/errors'

export function ErrorNotice({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const code = error instanceof AppError ? error.code : 'ERROR'
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      <span className="code">{code}</span>
      <p>{message}</p>
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
