/**
 * Bench worker: reads a CSV with the shared reader on a worker thread, every cell of every row (numbers straight from
 * bytes for the columns named in workerData.numeric, text for the others), and answers the seconds it took.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openCsv } from '../src/main/core/files/csv'

const { file, numeric } = workerData as { file: string; numeric: string[] }
const t0 = performance.now()
const reader = await openCsv(file)
const width = reader.columns.length
const isNumber = reader.columns.map((c) => numeric.includes(c))
let rows = 0
let check = 0
let values = new Float64Array(0)
for await (const b of reader) {
  if (values.length < b.length) values = new Float64Array(b.length)
  for (let j = 0; j < width; j++) {
    if (isNumber[j]) {
      b.numbers(j, values, 0)
      for (let i = 0; i < b.length; i++) check += values[i] || 0
    } else for (let i = 0; i < b.length; i++) check += b.text(i, j).length
  }
  rows += b.length
}
parentPort!.postMessage({ seconds: (performance.now() - t0) / 1000, rows, check })
