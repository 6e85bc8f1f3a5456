/**
 * Worker-thread entry for the logs area's write side (tailers, pushes, the batched writer, issues, retention):
 * a resident worker (see resident.ts) with its own connection. Built by electron-vite as out/main/logs-ingest-worker.js.
 */
import { workerData } from 'node:worker_threads'
import { LogIngest, type IngestOptions } from '../services/logs/store/ingest'
import { serveResident } from './resident'

serveResident<LogIngest>('logs-ingest', (init, emit) => new LogIngest(init as IngestOptions, Date.now, (c) => emit(c)), workerData)
