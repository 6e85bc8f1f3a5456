/** Errors across a thread boundary: what a worker posts, and the error the other side rebuilds from it. */
import { AppError, type ErrorCode } from '../../shared/errors'

export interface ErrorMessage {
  type: 'error'
  name: string
  message: string
  stack?: string
  /** AppError code and field, so the receiver rebuilds the same error. */
  code?: string
  field?: string
}

export function toErrorMessage(err: unknown): ErrorMessage {
  const e = err instanceof Error ? err : new Error(String(err))
  const extra = e as Error & { code?: unknown; field?: unknown }
  return {
    type: 'error',
    name: e.name,
    message: e.message,
    ...(e.stack ? { stack: e.stack } : {}),
    ...(typeof extra.code === 'string' ? { code: extra.code } : {}),
    ...(typeof extra.field === 'string' ? { field: extra.field } : {})
  }
}

/** The AppError (with its code and field) or plain Error a message stands for. */
export function fromErrorMessage(m: {
  name?: string | undefined
  message?: string | undefined
  stack?: string | undefined
  code?: string | undefined
  field?: string | undefined
}): Error {
  if (m.name === 'AppError' && m.code) return new AppError(m.code as ErrorCode, m.message ?? 'worker failed', m.field)
  return Object.assign(new Error(m.message ?? 'worker failed'), { name: m.name ?? 'Error', ...(m.stack ? { stack: m.stack } : {}) })
}
