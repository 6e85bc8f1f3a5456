/** Reading a run's log file: the last lines (from the file's tail), or every line matching a search (streamed). */
import fs from 'node:fs'
import readline from 'node:readline'
import type { LogChunk } from '../../../shared/contract/mlops'
import { streamOf } from './runner'

const TAIL_BYTES = 2 * 1024 * 1024

const parse = (raw: string, n: number): LogChunk['lines'][number] => ({ n, stream: streamOf(raw.slice(0, 1)), text: raw.slice(2) })

export async function readLog(runId: number, file: string | null, search: string, limit: number): Promise<LogChunk> {
  const empty: LogChunk = { runId, lines: [], totalBytes: 0, totalLines: 0, truncated: false }
  if (!file || !fs.existsSync(file)) return empty
  const size = fs.statSync(file).size
  if (search) {
    const needle = search.toLowerCase()
    const lines: LogChunk['lines'] = []
    let n = 0
    let truncated = false
    const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })
    for await (const raw of rl) {
      n++
      if (raw.slice(2).toLowerCase().includes(needle)) {
        if (lines.length < limit) lines.push(parse(raw, n))
        else truncated = true
      }
    }
    return { runId, lines, totalBytes: size, totalLines: n, truncated }
  }
  // the tail: count lines before it cheaply by reading the head in chunks only when needed for numbering
  const start = Math.max(0, size - TAIL_BYTES)
  const fd = await fs.promises.open(file, 'r')
  try {
    const buf = Buffer.alloc(size - start)
    await fd.read(buf, 0, buf.length, start)
    let text = buf.toString('utf8')
    if (start > 0) text = text.slice(text.indexOf('\n') + 1)
    const all = text.split('\n')
    if (all[all.length - 1] === '') all.pop()
    const before = start > 0 ? await countLines(file, start) : 0
    const from = Math.max(0, all.length - limit)
    const lines = all.slice(from).map((raw, i) => parse(raw, before + from + i + 1))
    return { runId, lines, totalBytes: size, totalLines: before + all.length, truncated: from > 0 || start > 0 }
  } finally {
    await fd.close()
  }
}

async function countLines(file: string, end: number): Promise<number> {
  let n = 0
  let last = 0
  for await (const chunk of fs.createReadStream(file, { end: end - 1 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) n++
    last = chunk[chunk.length - 1] ?? 0
  }
  // the partial first line of the tail was dropped above: it belongs to the counted head
  return last === 10 ? n : n + 1
}
