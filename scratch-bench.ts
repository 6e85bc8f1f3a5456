import { retrieveTypescript } from './src/main/services/features/engine/typescript'
import { retrieveDuckdb } from './src/main/services/features/engine/duckdb'
const which = process.argv[2]
const req = {
  entity: { source: { format: 'parquet' as const, files: ['/tmp/a14/e.parquet'] }, timestampColumn: 'event_timestamp' },
  views: [{ name: 'v1', version: 0, keys: [{ name: 'driver_id', type: 'int64' as const }], timestampField: 'event_timestamp', createdTimestampField: 'created', ttlSeconds: 86400 * 7, source: { format: 'parquet' as const, files: ['/tmp/a14/v1.parquet'] }, features: [{ name: 'conv_rate', type: 'float64' as const, column: 'conv_rate' }, { name: 'trips', type: 'int64' as const, column: 'trips' }, { name: 'city', type: 'string' as const, column: 'city' }] }],
  filterByCreatedTimestamp: process.argv[3] === 'filter',
  output: { path: `/tmp/a14/out-${which}.parquet`, format: 'parquet' as const },
  memoryLimitMb: 512
}
let peak = 0
const iv = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 100)
const t0 = performance.now()
let last = 0
const r = which === 'ts' ? await retrieveTypescript(req, (d, t, m) => { if (performance.now() - last > 5000) { last = performance.now(); console.log(m, d, t, ((performance.now()-t0)/1000).toFixed(1)) } }) : await retrieveDuckdb(req, (d, t, m) => console.log(m, d, t, ((performance.now()-t0)/1000).toFixed(1)))
clearInterval(iv)
console.log(which, r.rows, r.nulls, ((performance.now() - t0) / 1000).toFixed(1), 's peak', (peak / 2 ** 20).toFixed(0), 'MB')
