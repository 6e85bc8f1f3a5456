/** Stable error codes that cross every transport. */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'CANCELLED',
  'INTERNAL'
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** One problem with one input field, in words for the person who typed it. */
export interface FieldIssue {
  field: string
  message: string
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Dotted path of the offending input field, when there is one. */
  field?: string
  /** Every field that is wrong (validation), so a form can show them all at once; the first is `field`. */
  issues?: FieldIssue[]
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

/** The one error type services throw and clients rebuild from an envelope. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly field?: string
  readonly issues?: FieldIssue[]
  constructor(code: ErrorCode, message: string, field?: string, issues?: FieldIssue[]) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (field !== undefined) this.field = field
    if (issues?.length) this.issues = issues
  }
  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.issues ? { issues: this.issues } : {})
    }
  }
  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, body.field, body.issues)
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  CANCELLED: 499,
  INTERNAL: 500,
  UNAVAILABLE: 503
}

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} not found`)
export const conflict = (message: string, field?: string): AppError => new AppError('CONFLICT', message, field)
export const invalid = (field: string, message: string): AppError => new AppError('VALIDATION', `${field}: ${message}`, field)
