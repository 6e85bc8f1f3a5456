import { alertsBench } from './alerts'
import { coldStartBench } from './coldstart'
import { driftBench } from './drift'
import { costsBench } from './costs'
import { dashboardsBench } from './dashboards'
import { experimentsBench } from './experiments'
import { explainBench } from './explain'
import { extensionsBench } from './extensions'
import { featuresBench } from './features'
import { printResult, saveResult, type Bench } from './harness'
import { healthBench } from './health'
import { loadtestBench } from './loadtest'
import { logsBench } from './logs'
import { metricsBench } from './metrics'
import { mlopsBench } from './mlops'
import { modelsBench } from './models'
import { optimizeBench } from './optimize'
import { rpcBench } from './rpc'
import { soakBench } from './soak'
import { teamBench } from './team'

/** `npm run bench [name…]`: runs the named benchmarks (all by default), prints tables, saves JSON. */
const BENCHES: Record<string, Bench> = {
  rpc: rpcBench,
  coldstart: coldStartBench,
  health: healthBench,
  alerts: alertsBench,
  costs: costsBench,
  drift: driftBench,
  models: modelsBench,
  experiments: experimentsBench,
  explain: explainBench,
  optimize: optimizeBench,
  loadtest: loadtestBench,
  features: featuresBench,
  soak: soakBench,
  logs: logsBench,
  metrics: metricsBench,
  mlops: mlopsBench,
  dashboards: dashboardsBench,
  extensions: extensionsBench,
  team: teamBench
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((w) => !BENCHES[w])
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`)
  process.exit(1)
}
// soak runs for hours: only when named
for (const name of wanted.length ? wanted : Object.keys(BENCHES).filter((n) => n !== 'soak')) {
  const result = await BENCHES[name]!()
  printResult(result)
  console.log(`  saved ${saveResult(result)}`)
}
process.exit(0)
