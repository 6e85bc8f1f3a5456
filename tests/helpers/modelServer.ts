import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

/** What a loopback model server answers: rows (null for missing) → predictions, one number or array per row. */
export type Predict = (columns: string[], rows: (number | null)[][]) => Promise<number[] | number[][]>

export interface ModelServer {
  url: string
  /** Requests answered so far. */
  requests(): number
  close(): Promise<void>
}

/** A real HTTP model endpoint on 127.0.0.1: POST {"columns", "rows"} → {"predictions"} (the explain area's protocol). */
export async function startModelServer(predict: Predict): Promise<ModelServer> {
  let count = 0
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => {
      count++
      const { columns, rows } = JSON.parse(body) as { columns: string[]; rows: (number | null)[][] }
      void predict(columns, rows).then((predictions) => {
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ predictions }))
      })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/predict`,
    requests: () => count,
    close: () => new Promise<void>((r) => server.close(() => r()))
  }
}

/**
 * The other side of the predictions-file protocol: answers every batch-NNNNNN.csv that appears in `dir` with its
 * batch-NNNNNN.predictions.csv (written under a temporary name, then renamed), until stopped.
 */
export function answerBatches(
  dir: string,
  predict: (rows: Float64Array, n: number) => Promise<{ values: Float64Array }>,
  header = ''
): { stop(): Promise<void> } {
  let running = true
  const loop = (async () => {
    while (running) {
      for (const f of fs.readdirSync(dir).filter((f) => /^batch-\d+\.csv$/.test(f))) {
        const out = path.join(dir, f.replace('.csv', '.predictions.csv'))
        if (fs.existsSync(out)) continue
        const lines = fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').slice(1)
        const flat = Float64Array.from(lines.flatMap((l) => l.split(',').map((c) => (c === '' ? NaN : Number(c)))))
        const { values } = await predict(flat, lines.length)
        fs.writeFileSync(`${out}.tmp`, header + Array.from(values).join('\n') + '\n')
        fs.renameSync(`${out}.tmp`, out)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  })()
  return {
    stop: async () => {
      running = false
      await loop
    }
  }
}
