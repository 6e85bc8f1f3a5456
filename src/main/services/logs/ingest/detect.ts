/**
 * Per-line format detection: JSON lines (timestamp, level and message found by common field names), logfmt,
 * syslog RFC 5424 and RFC 3164, and plain text with a leading timestamp. The raw line is stored as it came;
 * what detection finds sets the entry's time, level, host and the fields used for error grouping.
 */
import { logfmtPairs } from '../../../../shared/logs/logql/pipeline'
import { levelOf, syslogLevel, type Level } from './levels'
import { bsdMatchMs, BSD_PREFIX, leadingTimestamp, timestampValue } from './timestamps'

export type Format = 'json' | 'logfmt' | 'syslog5424' | 'syslog3164' | 'text'

export interface Detected {
  format: Format
  ts: number | null
  level: Level | null
  /** The human message (the msg field, the syslog MSG, or the text after the timestamp). */
  message: string
  /** Top-level string fields (JSON, logfmt, syslog structured data), for release and service names. */
  fields: Record<string, string>
  host?: string
}

const TIME_KEYS = ['timestamp', 'time', 'ts', '@timestamp', 't', 'date', 'datetime', 'eventTime', 'event_time', 'asctime']
const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', 'loglevel', 'log_level', 'levelname', 'severity_text', 'status']
const MESSAGE_KEYS = ['message', 'msg', 'log', '@message', 'text', 'event', 'body', 'short_message']
const HOST_KEYS = ['host', 'hostname', 'host.name', 'host_name']

const first = <T>(keys: string[], get: (k: string) => T | null | undefined): T | null => {
  for (const k of keys) {
    const v = get(k)
    if (v !== null && v !== undefined) return v
  }
  return null
}

function fromFields(format: Format, obj: Record<string, unknown>, fallback: string): Detected {
  const get = (k: string): unknown => {
    if (k in obj) return obj[k]
    const dot = k.indexOf('.')
    if (dot > 0) {
      const inner = obj[k.slice(0, dot)]
      if (inner && typeof inner === 'object') return (inner as Record<string, unknown>)[k.slice(dot + 1)]
    }
    return undefined
  }
  const fields: Record<string, string> = {}
  for (const [k, v] of Object.entries(obj))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v)
  const ts = first(TIME_KEYS, (k) => timestampValue(get(k)))
  const level = first(LEVEL_KEYS, (k) => {
    const v = get(k)
    return typeof v === 'string' ? levelOf(v) : typeof v === 'number' && k === 'level' ? pinoLevel(v) : null
  })
  const message = first(MESSAGE_KEYS, (k) => {
    const v = get(k)
    return typeof v === 'string' ? v : null
  })
  const host = first(HOST_KEYS, (k) => {
    const v = get(k)
    return typeof v === 'string' && v ? v : null
  })
  return { format, ts, level, message: message ?? fallback, fields, ...(host ? { host } : {}) }
}

/** pino/bunyan numeric levels: 10 trace … 60 fatal. */
const pinoLevel = (n: number): Level | null =>
  n >= 60 ? 'fatal' : n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : n >= 20 ? 'debug' : n >= 10 ? 'trace' : null

const RFC5424 = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$/s
const RFC3164 = /^(?:<(\d{1,3})>)?([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([^:[\s]+)(?:\[(\d+)\])?: ?(.*)$/s
const SD_PARAM = /([^\s=\]"]+)="((?:[^"\\]|\\.)*)"/g
/** A level word near the start of a text line: `ERROR`, `[warn]`, `level=info`, `<E>`. */
const TEXT_LEVEL =
  /(?:^|[\s[(|:-])(TRACE|DEBUG|INFO|NOTICE|WARN(?:ING)?|ERR(?:OR)?|CRIT(?:ICAL)?|FATAL|PANIC|SEVERE|EMERG|ALERT)(?=[\s\]):|,-]|$)|\[(trace|debug|info|notice|warn(?:ing)?|err(?:or)?|crit(?:ical)?|fatal|emerg|alert)\]|level=(\w+)/

function syslog5424(m: RegExpExecArray): Detected {
  const pri = Number(m[1])
  const fields: Record<string, string> = {}
  const app = m[4]!
  if (app !== '-') fields.app = app
  if (m[5] !== '-') fields.procid = m[5]!
  if (m[6] !== '-') fields.msgid = m[6]!
  if (m[7] !== '-') for (const p of m[7]!.matchAll(SD_PARAM)) fields[p[1]!] = p[2]!.replace(/\\(["\\\]])/g, '$1')
  const ts = m[2] === '-' ? null : timestampValue(m[2])
  const msg = (m[8] ?? '').replace(/^\uFEFF/, '')
  return { format: 'syslog5424', ts, level: syslogLevel(pri), message: msg, fields, ...(m[3] !== '-' ? { host: m[3]! } : {}) }
}

function syslog3164(m: RegExpExecArray, now: number): Detected | null {
  const bsd = BSD_PREFIX.exec(m[2]!)
  const ts = bsd ? bsdMatchMs(bsd, now) : null
  if (ts === null) return null
  const fields: Record<string, string> = { app: m[4]! }
  if (m[5]) fields.procid = m[5]
  const level = m[1] !== undefined ? syslogLevel(Number(m[1])) : textLevel(m[6]!)
  return { format: 'syslog3164', ts, level, message: m[6]!, fields, host: m[3]! }
}

function textLevel(text: string): Level | null {
  const m = TEXT_LEVEL.exec(text.slice(0, 120))
  return m ? levelOf(m[1] ?? m[2] ?? m[3]) : null
}

/** Detects one line's format and reads its time, level and message. `now` dates year-less syslog times. */
export function detect(line: string, now: number): Detected {
  const c = line.charCodeAt(0)
  if (c === 123 /* { */) {
    try {
      const v = JSON.parse(line) as unknown
      if (v && typeof v === 'object' && !Array.isArray(v)) return fromFields('json', v as Record<string, unknown>, line)
    } catch {
      // not JSON: fall through
    }
  }
  if (c === 60 /* < */) {
    const m5 = RFC5424.exec(line)
    if (m5) return syslog5424(m5)
    const m3 = RFC3164.exec(line)
    if (m3) {
      const d = syslog3164(m3, now)
      if (d) return d
    }
  }
  if (/^[A-Za-z_][\w.-]*=/.test(line)) {
    const pairs = logfmtPairs(line)
    if (pairs && pairs.filter(([, v]) => v !== '').length >= 2) return fromFields('logfmt', Object.fromEntries(pairs), line)
  }
  if (BSD_PREFIX.test(line)) {
    const m3 = RFC3164.exec(line)
    if (m3) {
      const d = syslog3164(m3, now)
      if (d) return d
    }
  }
  const lead = leadingTimestamp(line, now)
  const rest = lead && lead.length > 0 ? line.slice(lead.length).replace(/^[\s\]|:-]+/, '') : line
  return { format: 'text', ts: lead?.ms ?? null, level: textLevel(rest), message: rest, fields: {} }
}
