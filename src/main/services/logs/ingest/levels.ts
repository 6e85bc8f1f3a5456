/** Log levels, normalised from whatever a line or a protocol calls them. */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const
export type Level = (typeof LEVELS)[number]

const NAMES: Record<string, Level> = {
  trace: 'trace',
  trc: 'trace',
  finest: 'trace',
  finer: 'trace',
  debug: 'debug',
  dbg: 'debug',
  fine: 'debug',
  verbose: 'debug',
  info: 'info',
  inf: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  config: 'info',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  error: 'error',
  err: 'error',
  eror: 'error',
  severe: 'error',
  fatal: 'fatal',
  crit: 'fatal',
  critical: 'fatal',
  panic: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  alert: 'fatal'
}

/** A level for a level name ("WARNING", "Err", "Information"), or null when it is not one. */
export const levelOf = (name: string | undefined | null): Level | null => (name ? (NAMES[name.trim().toLowerCase()] ?? null) : null)

/** Syslog severity (PRI mod 8): 0–2 fatal, 3 error, 4 warn, 5–6 info, 7 debug. */
export const syslogLevel = (pri: number): Level =>
  (['fatal', 'fatal', 'fatal', 'error', 'warn', 'info', 'info', 'debug'] as const)[pri % 8]!

/** OpenTelemetry SeverityNumber: 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal. */
export const otlpLevel = (n: number): Level | null =>
  n >= 1 && n <= 24 ? (['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const)[Math.floor((n - 1) / 4)]! : null

export const isErrorLevel = (l: Level): boolean => l === 'error' || l === 'fatal'
