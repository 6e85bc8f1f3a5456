/**
 * Joins the lines of one file into entries: a stack trace (Java, Python, JavaScript, Go) stays with the log line
 * it belongs to. A line continues the open entry when it is indented, is a stack-trace line, or — in a file whose
 * entries start with a timestamp — has none of its own. Each entry remembers the file offset after its last line,
 * so a tailer commits offsets only for whole entries.
 */
import { ISO_PREFIX, BSD_PREFIX } from './timestamps'

export interface JoinedEntry {
  text: string
  /** Byte offset just after the entry's last line. */
  endOffset: number
}

const CONTINUATION =
  /^(?:\s|Caused by:|Suppressed:|Traceback \(most recent call last\)|During handling of the above exception|The above exception was the direct cause|\.\.\. \d+ (?:more|common frames omitted)|goroutine \d+ \[|[\w./]+\(.*\)$|created by )/
/** `java.lang.IllegalStateException: …`, `ValueError: …`: the header of an exception under a log line or a traceback. */
const EXCEPTION_HEADER = /^[\w$.]*(?:Exception|Error|Throwable|Exit|Interrupt)(?::|$)/
const STARTS_ENTRY = /^(?:\{|<\d{1,3}>|[A-Za-z_][\w.-]*=)/

/** Whether a line continues the open entry (which started with a timestamp, and already spans several lines). */
function continues(text: string, stamped: boolean, openStamped: boolean, multi: boolean): boolean {
  if (text.trim() === '') return true
  if (stamped || STARTS_ENTRY.test(text)) return false
  if (CONTINUATION.test(text)) return true
  if (EXCEPTION_HEADER.test(text)) return openStamped || multi
  return openStamped
}

const MAX_LINES = 1000
const MAX_CHARS = 256 * 1024

export class LineJoiner {
  private open: { lines: string[]; chars: number; endOffset: number; timestamped: boolean } | null = null

  constructor(private emit: (e: JoinedEntry) => void) {}

  /** One line (without its newline) and the offset after it. */
  push(line: string, endOffset: number): void {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    const stamped = ISO_PREFIX.test(text) || BSD_PREFIX.test(text)
    const o = this.open
    if (o && o.lines.length < MAX_LINES && o.chars < MAX_CHARS && continues(text, stamped, o.timestamped, o.lines.length > 1)) {
      o.lines.push(text)
      o.chars += text.length + 1
      o.endOffset = endOffset
      return
    }
    this.flush()
    if (text.trim() === '') return
    this.open = { lines: [text], chars: text.length, endOffset, timestamped: stamped }
  }

  /** Emits the open entry (end of a read with nothing more for a while, rotation, shutdown). */
  flush(): void {
    const o = this.open
    if (!o) return
    this.open = null
    while (o.lines.length > 1 && o.lines[o.lines.length - 1]!.trim() === '') o.lines.pop()
    this.emit({ text: o.lines.join('\n'), endOffset: o.endOffset })
  }

  get hasOpen(): boolean {
    return this.open !== null
  }
}
