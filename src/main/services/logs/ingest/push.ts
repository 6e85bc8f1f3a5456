/**
 * HTTP push bodies: Loki's push API in JSON (`{"streams":[{"stream":{…},"values":[["<ns>","line",{…}]]}]}`) and
 * OTLP logs over HTTP/JSON (`resourceLogs` → `scopeLogs` → `logRecords`; trace and span ids in hex, enums as
 * integers, 64-bit integers as strings). Both become entries for one push source; a malformed body is refused whole.
 */
import { AppError } from '../../../../shared/errors'
import { sanitizeLabel } from '../../../../shared/logs/logql/pipeline'
import { releaseOf, streamLabels } from '../labels'
import type { Entry } from '../store/entry'
import { detect } from './detect'
import { levelOf, otlpLevel } from './levels'
import type { SourceSpec } from './source'
import { nanosToMs } from './timestamps'

const bad = (message: string): AppError => new AppError('VALIDATION', message, 'body')
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function levelFor(
  labels: Record<string, string>,
  line: string,
  now: number
): { level: string; message: string; fields: Record<string, string> } {
  const d = detect(line, now)
  const given = levelOf(labels.level ?? labels.detected_level ?? labels.severity ?? labels.lvl)
  return { level: given ?? d.level ?? 'unknown', message: d.message, fields: d.fields }
}

/** Loki's push API (JSON). */
export function lokiEntries(body: unknown, source: SourceSpec, now: number): Entry[] {
  if (!isObj(body) || !Array.isArray(body.streams)) throw bad('body: expected {"streams": [...]} (Loki push API, JSON)')
  const out: Entry[] = []
  body.streams.forEach((s: unknown, i: number) => {
    if (!isObj(s) || !isObj(s.stream) || !Array.isArray(s.values))
      throw bad(`streams[${i}]: expected {"stream": {...}, "values": [[ts, line], ...]}`)
    const given: Record<string, string> = {}
    for (const [k, v] of Object.entries(s.stream)) {
      if (typeof v !== 'string') throw bad(`streams[${i}].stream.${k}: label values are strings`)
      given[k] = v
    }
    s.values.forEach((v: unknown, j: number) => {
      if (!Array.isArray(v) || v.length < 2 || typeof v[1] !== 'string')
        throw bad(`streams[${i}].values[${j}]: expected ["<unix epoch in nanoseconds>", "<log line>"]`)
      const ts = typeof v[0] === 'string' || typeof v[0] === 'number' ? nanosToMs(v[0]) : null
      if (ts === null) throw bad(`streams[${i}].values[${j}][0]: the timestamp must be unix epoch nanoseconds as a string`)
      const meta = v[2]
      if (meta !== undefined && !isObj(meta)) throw bad(`streams[${i}].values[${j}][2]: structured metadata must be an object`)
      const line = v[1] as string
      const l = levelFor(given, line, now)
      const attrs = meta ? Object.fromEntries(Object.entries(meta).map(([k, x]) => [sanitizeLabel(k), String(x)])) : null
      out.push({
        sourceId: source.id,
        ts,
        line,
        labels: streamLabels(given, {
          source: source.name,
          service: source.service || 'unknown',
          environment: source.environment,
          host: source.host,
          level: l.level
        }),
        attrs,
        message: l.message,
        release: source.release || releaseOf(given, attrs, l.fields)
      })
    })
  })
  return out
}

/** OTLP AnyValue as text: strings as they are, 64-bit ints from their decimal strings, maps and arrays as JSON. */
export function anyValueText(v: unknown): string {
  const plain = anyValue(v)
  return typeof plain === 'string' ? plain : plain === null ? '' : JSON.stringify(plain)
}

function anyValue(v: unknown): unknown {
  if (!isObj(v)) return null
  if ('stringValue' in v) return String(v.stringValue)
  if ('intValue' in v) {
    const s = String(v.intValue)
    if (!/^-?\d+$/.test(s)) throw bad(`intValue ${JSON.stringify(v.intValue)} is not an integer`)
    return s
  }
  if ('doubleValue' in v) return Number(v.doubleValue)
  if ('boolValue' in v) return Boolean(v.boolValue)
  if ('bytesValue' in v) return String(v.bytesValue)
  if ('arrayValue' in v) return (isObj(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values : []).map(anyValue)
  if ('kvlistValue' in v)
    return Object.fromEntries(
      (isObj(v.kvlistValue) && Array.isArray(v.kvlistValue.values) ? v.kvlistValue.values : []).map((kv: unknown) =>
        isObj(kv) ? [String(kv.key), anyValue(kv.value)] : ['', null]
      )
    )
  return null
}

/** Attributes (`[{key, value}]`) as flat strings, nested maps joined with `_`. */
export function attributes(list: unknown, where: string): Record<string, string> {
  if (list === undefined) return {}
  if (!Array.isArray(list)) throw bad(`${where}: attributes must be a list of {key, value}`)
  const out: Record<string, string> = {}
  const put = (k: string, v: unknown): void => {
    if (v === null || v === undefined) return
    if (isObj(v)) for (const [kk, vv] of Object.entries(v)) put(`${k}_${kk}`, vv)
    else out[k] = Array.isArray(v) ? JSON.stringify(v) : String(v)
  }
  list.forEach((kv: unknown, i: number) => {
    if (!isObj(kv) || typeof kv.key !== 'string') throw bad(`${where}[${i}]: expected {"key": "...", "value": {...}}`)
    put(kv.key, anyValue(kv.value))
  })
  return out
}

const SEVERITY_NAMES = [
  'UNSPECIFIED',
  'TRACE',
  'TRACE2',
  'TRACE3',
  'TRACE4',
  'DEBUG',
  'DEBUG2',
  'DEBUG3',
  'DEBUG4',
  'INFO',
  'INFO2',
  'INFO3',
  'INFO4',
  'WARN',
  'WARN2',
  'WARN3',
  'WARN4',
  'ERROR',
  'ERROR2',
  'ERROR3',
  'ERROR4',
  'FATAL',
  'FATAL2',
  'FATAL3',
  'FATAL4'
]

function severityNumber(v: unknown, where: string): number {
  if (v === undefined) return 0
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 24) return v
  // the JSON mapping says integers; names are accepted as protobuf's JSON parsers do
  if (typeof v === 'string') {
    const i = SEVERITY_NAMES.indexOf(v.replace(/^SEVERITY_NUMBER_/, ''))
    if (i >= 0) return i
  }
  throw bad(`${where}.severityNumber: expected an integer 0–24, found ${JSON.stringify(v)}`)
}

function hexId(v: unknown, len: number, where: string): string | null {
  if (v === undefined || v === '') return null
  if (typeof v !== 'string' || !new RegExp(`^[0-9a-fA-F]{${len}}$`).test(v))
    throw bad(`${where}: expected ${len} hex digits (OTLP/JSON ids are hex, not base64), found ${JSON.stringify(v)}`)
  return /^0+$/.test(v) ? null : v.toLowerCase()
}

/** OTLP logs over HTTP/JSON (ExportLogsServiceRequest). */
export function otlpEntries(body: unknown, source: SourceSpec, now: number): Entry[] {
  if (!isObj(body) || !Array.isArray(body.resourceLogs)) throw bad('body: expected {"resourceLogs": [...]} (OTLP logs, JSON)')
  const out: Entry[] = []
  body.resourceLogs.forEach((rl: unknown, i: number) => {
    if (!isObj(rl)) throw bad(`resourceLogs[${i}]: expected an object`)
    const resource = attributes(isObj(rl.resource) ? rl.resource.attributes : undefined, `resourceLogs[${i}].resource.attributes`)
    const scopes = rl.scopeLogs ?? []
    if (!Array.isArray(scopes)) throw bad(`resourceLogs[${i}].scopeLogs: expected a list`)
    scopes.forEach((sl: unknown, j: number) => {
      if (!isObj(sl)) throw bad(`resourceLogs[${i}].scopeLogs[${j}]: expected an object`)
      const scope = isObj(sl.scope) && typeof sl.scope.name === 'string' ? sl.scope.name : ''
      const records = sl.logRecords ?? []
      if (!Array.isArray(records)) throw bad(`resourceLogs[${i}].scopeLogs[${j}].logRecords: expected a list`)
      records.forEach((r: unknown, k: number) => {
        const where = `resourceLogs[${i}].scopeLogs[${j}].logRecords[${k}]`
        if (!isObj(r)) throw bad(`${where}: expected an object`)
        const time = (r.timeUnixNano ?? r.observedTimeUnixNano) as unknown
        let ts = now
        if (time !== undefined && time !== '0' && time !== 0) {
          const ms = typeof time === 'string' || typeof time === 'number' ? nanosToMs(time) : null
          if (ms === null) throw bad(`${where}.timeUnixNano: expected nanoseconds since the epoch as a decimal string`)
          ts = ms
        }
        const sev = severityNumber(r.severityNumber, where)
        const sevText = typeof r.severityText === 'string' ? r.severityText : ''
        let line = anyValueText(r.body)
        if (line === '' && typeof r.eventName === 'string') line = r.eventName
        const attrs: Record<string, string> = {}
        const traceId = hexId(r.traceId, 32, `${where}.traceId`)
        const spanId = hexId(r.spanId, 16, `${where}.spanId`)
        if (traceId) attrs.trace_id = traceId
        if (spanId) attrs.span_id = spanId
        if (scope) attrs.scope = scope
        if (sevText) attrs.severity_text = sevText
        if (typeof r.eventName === 'string' && r.eventName) attrs.event_name = r.eventName
        if (r.flags !== undefined) attrs.flags = String(r.flags)
        for (const [key, v] of Object.entries(attributes(r.attributes, `${where}.attributes`))) attrs[sanitizeLabel(key)] = v
        const d = detect(line, now)
        const level = otlpLevel(sev) ?? levelOf(sevText) ?? d.level ?? 'unknown'
        out.push({
          sourceId: source.id,
          ts,
          line,
          labels: streamLabels(
            {
              ...(resource['service.name'] ? { service: resource['service.name'] } : {}),
              ...(resource['service.namespace'] ? { service_namespace: resource['service.namespace'] } : {}),
              ...(resource['deployment.environment.name'] || resource['deployment.environment']
                ? { environment: resource['deployment.environment.name'] ?? resource['deployment.environment']! }
                : {}),
              ...(resource['host.name'] ? { host: resource['host.name'] } : {})
            },
            { source: source.name, service: source.service || 'unknown', environment: source.environment, host: source.host, level }
          ),
          attrs: Object.keys(attrs).length ? attrs : null,
          message: d.message,
          release: source.release || releaseOf({ version: resource['service.version'] }, attrs, d.fields)
        })
      })
    })
  })
  return out
}
