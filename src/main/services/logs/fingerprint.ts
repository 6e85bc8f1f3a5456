/**
 * Error grouping (Sentry style): an error entry's exception type, its message with the variable parts replaced
 * (numbers, ids, addresses, quoted values) and its top stack frames (function and file, not line numbers) make the
 * fingerprint. Entries with the same fingerprint in the same service are one issue.
 */
import crypto from 'node:crypto'

export interface ErrorSignature {
  type: string
  message: string
  frames: string[]
  fingerprint: string
  title: string
}

const TOP_FRAMES = 3

/** Replaces what varies between occurrences of one error. */
export function normaliseMessage(msg: string): string {
  return msg
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g, '<email>')
    .replace(/\bhttps?:\/\/[^\s"']+/g, (u) => `${u.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/<n>')}`)
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<ip>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<hex>')
    .replace(/"[^"\n]{0,200}"|'[^'\n]{0,200}'/g, '<str>')
    .replace(/\b\d+(?:\.\d+)?(?:ms|s|m|h|d|b|kb|mb|gb|%)?\b/gi, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300)
}

const JAVA_FRAME = /^\s+at (?:[\w.$-]+\/)?([\w$.<>]+)\(([^:)]*)/
const JS_FRAME = /^\s+at (?:(?:async )?([^\s(]+) \()?([^():]+)(?::\d+)*\)?$/
const PY_FRAME = /^\s+File "([^"]+)", line \d+, in (\S+)/
const GO_FRAME = /^([\w./*()-]+\.[\w*()]+)\(.*\)$/

const base = (file: string): string => file.split(/[\\/]/).pop() ?? file

/** Frames, innermost first. */
export function framesOf(lines: string[]): string[] {
  const py: string[] = []
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    let m = JAVA_FRAME.exec(l)
    if (m && m[1]!.includes('.')) {
      out.push(m[1]!)
      continue
    }
    m = PY_FRAME.exec(l)
    if (m) {
      py.push(`${base(m[1]!)}:${m[2]}`)
      continue
    }
    m = JS_FRAME.exec(l)
    if (m) {
      out.push(m[1] ? `${m[1]} (${base(m[2]!)})` : base(m[2]!))
      continue
    }
    m = GO_FRAME.exec(l)
    if (m && /^\s/.test(lines[i + 1] ?? '')) out.push(m[1]!.replace(/\(0x[0-9a-f]+\)/g, ''))
  }
  // Python prints the innermost frame last
  return [...py.reverse(), ...out].slice(0, TOP_FRAMES)
}

const TYPE_LINE = /^(?:Exception in thread "[^"]*" )?([\w$.]*(?:Exception|Error|Throwable|Exit|Interrupt|Warning))(?::\s?(.*))?$/
const INLINE_TYPE = /\b([A-Z][\w$.]*(?:Exception|Error))\b:?\s?(.*)/

/** The exception type and its message: from a traceback's last header, a stack's first header, a Go panic, or inline. */
export function exceptionOf(lines: string[], message: string): { type: string; message: string } {
  const headers: { type: string; message: string }[] = []
  for (const l of lines) {
    const m = TYPE_LINE.exec(l.trim())
    if (m && !/^\s/.test(l)) headers.push({ type: m[1]!, message: m[2] ?? '' })
    const p = /^panic: (.*)$/.exec(l)
    if (p) headers.push({ type: 'panic', message: p[1]! })
  }
  const isPython = lines.some((l) => l.startsWith('Traceback (most recent call last)'))
  const h = isPython ? headers[headers.length - 1] : headers[0]
  if (h) return h
  const inline = INLINE_TYPE.exec(message)
  if (inline) return { type: inline[1]!, message: inline[2] ?? '' }
  return { type: '', message }
}

/** The grouping signature of an error entry (`text`: all its lines; `message`: what detection read as its message). */
export function errorSignature(service: string, text: string, message: string): ErrorSignature {
  const lines = text.split('\n')
  const firstMessage = message.split('\n')[0] ?? ''
  const ex = exceptionOf(lines, firstMessage)
  const frames = framesOf(lines)
  const norm = normaliseMessage(ex.message || firstMessage)
  const fingerprint = crypto
    .createHash('sha1')
    .update([service, ex.type, norm, ...frames].join('\n'))
    .digest('hex')
    .slice(0, 16)
  const title = ex.type ? `${ex.type}${norm ? `: ${norm}` : ''}` : norm || '(empty message)'
  return { type: ex.type, message: norm, frames, fingerprint, title: title.slice(0, 240) }
}
