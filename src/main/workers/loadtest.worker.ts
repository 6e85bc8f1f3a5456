/**
 * Worker-thread entry for load tests: the generator runs here, so its busy loop never delays the console's pollers
 * and the console never delays its requests. Protocol (pool.ts): one LoadJob in; progress, then the report or an error.
 */
import { runLoadJob, type LoadJob } from '../services/testing/load/job'
import { serveOneJob } from './serve'

serveOneJob('loadtest', (job: LoadJob, progress) => runLoadJob(job, progress))
