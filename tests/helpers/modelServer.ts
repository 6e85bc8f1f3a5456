import http from 'node:http'
import type { AddressInfo } from 'node:net'

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
