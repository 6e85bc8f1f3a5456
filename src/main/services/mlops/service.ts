// MlopsService: the area's facade: job definitions, runs (processes with logs, retries, pipeline), sweeps, lineage.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { JobStarted } from '../../../shared/contract/jobs'
import type {
  JobDefinition,
  LineageNode,
  MlopsRunDetail,
  MlopsRun,
  StartRunInput,
  Sweep,
  SweepInput,
  Trigger,
  TriggerInput
} from '../../../shared/contract/mlops'
import { AppError, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { startedOf, type JobService } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { PaletteItem } from '../../core/palette'
import type { SecretBox } from '../../core/secrets'
import type { Db } from '../../db/open'
import type { ModelRegistryPort, ModelTrainingPort } from '../models/api'
import { fromMlproject, saveDefinition, secretsOf, specOf, toDefinition, type JobSpecStored, type ParsedJob } from './definitions'
import { Deployer } from './deploy'
import type { Metrics } from './gate'
import { readLog } from './logs'
import { readOutput } from './outputs'
import { runPipeline } from './pipeline'
import { MlopsRepo, type RunRow } from './repo'
import { LogWriter, runProcess } from './runner'
import { sweepCombos } from './sweep'
import { render, resolveParams } from './template'
import { Triggers } from './triggers'
import { sleep } from '../../core/sleep'

export interface MlopsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  secrets: SecretBox
  /** Folder for run logs and outputs (beside the workspace file). */
  dataDir: string
  registry: ModelRegistryPort | null
  training: ModelTrainingPort | null
  health?: import('../health/api').HealthReader | null
  logRetentionDays: () => number
}

type RunTrigger = MlopsRun['trigger']
const LOG_EVENT_MS = 300

export class MlopsService {
  readonly repo: MlopsRepo
  readonly triggers: Triggers
  readonly deployer: Deployer
  private running = new Map<number, string>()

  constructor(private deps: MlopsDeps) {
    this.repo = new MlopsRepo(deps.db)
    this.triggers = new Triggers({
      repo: this.repo,
      clock: deps.clock,
      bus: deps.bus,
      logger: deps.logger,
      fire: (t, reason) => this.fire(t, reason)
    })
    this.deployer = new Deployer({
      repo: this.repo,
      clock: deps.clock,
      bus: deps.bus,
      logger: deps.logger,
      secrets: deps.secrets,
      registry: deps.registry,
      training: deps.training,
      health: deps.health ?? null
    })
    // gate refusals and rollbacks reach the person as desktop (or in-app) notifications
    deps.bus.on('mlops:notice', (n) => deps.bus.publish('notify:desktop', n))
    fs.mkdirSync(deps.dataDir, { recursive: true })
    this.repo.interruptLeftovers(deps.clock.now())
  }

  start(): void {
    this.triggers.start()
    this.deployer.start()
    this.pruneLogs()
  }
  async stop(): Promise<void> {
    this.triggers.stop()
    await this.deployer.stop()
  }

  private changed(kind: 'job' | 'trigger' | 'run' | 'target' | 'deployment' | 'sweep', id: number | null): void {
    this.deps.bus.publish('mlops:changed', { kind, id })
  }

  changedTarget(id: number): void {
    this.changed('target', id)
  }

  // definitions
  jobDefinitions(): JobDefinition[] {
    return this.repo.jobs().map((r) => this.definition(r.id))
  }
  definition(id: number): JobDefinition {
    const row = this.repo.job(id)
    if (!row) throw notFound(`job ${id}`)
    const last = this.repo.lastRun(id)
    return toDefinition(row, this.deps.secrets, last ? { id: last.id, state: last.state, startedAt: last.started_at } : null)
  }
  saveJob(input: ParsedJob): JobDefinition {
    const id = saveDefinition(this.repo, this.deps.secrets, input, this.deps.clock.now())
    this.changed('job', id)
    return this.definition(id)
  }
  importMlproject(file: string, entryPoint?: string, name?: string): JobDefinition {
    return this.saveJob(fromMlproject(file, entryPoint, name))
  }
  deleteJob(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteJob(id)
    if (deleted) this.changed('job', id)
    return { deleted }
  }

  // triggers
  listTriggers(jobId?: number): Trigger[] {
    return this.triggers.list(jobId)
  }
  saveTrigger(input: z.output<typeof TriggerInput>): Trigger {
    if (!this.repo.job(input.jobId)) throw notFound(`job ${input.jobId}`)
    if (input.afterJobId !== undefined && !this.repo.job(input.afterJobId))
      throw new AppError('VALIDATION', `afterJobId: no job ${input.afterJobId}`, 'afterJobId')
    resolveParams(specOf(this.repo.job(input.jobId)!).params, input.params)
    const t = this.triggers.save(input)
    this.changed('trigger', t.id)
    return t
  }
  deleteTrigger(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteTrigger(id)
    if (deleted) this.changed('trigger', id)
    return { deleted }
  }

  private fire(t: { id: number; jobId: number; kind: RunTrigger; params: Record<string, string> }, reason: string): void {
    try {
      this.startRun({ jobId: t.jobId, params: t.params, reason }, t.kind)
    } catch (err) {
      this.deps.logger.error('a trigger could not start its job', { triggerId: t.id, error: String(err) })
    }
  }

  // runs
  startRun(
    input: z.output<typeof StartRunInput>,
    trigger: RunTrigger = 'manual',
    sweep?: { id: number; parallelism: number }
  ): JobStarted & { runId: number; done: Promise<MlopsRun> } {
    const row = this.repo.job(input.jobId)
    if (!row) throw notFound(`job ${input.jobId}`)
    const spec = specOf(row)
    const values = resolveParams(spec.params, input.params)
    if (input.parentVersionId) {
      const art = this.deps.registry?.versionArtifact(input.parentVersionId)
      if (!art) throw new AppError('VALIDATION', `parentVersionId: no version ${input.parentVersionId}`, 'parentVersionId')
      if (!art.artifactPath)
        throw new AppError('VALIDATION', `parentVersionId: ${art.label} has no artifact to fine-tune from`, 'parentVersionId')
    }
    const dataParam = spec.params.find((p) => p.isData)
    const runId = this.repo.insertRun({
      jobId: row.id,
      trigger,
      reason: input.reason ?? (trigger === 'manual' ? 'started by hand' : trigger),
      params: JSON.stringify(values),
      now: this.deps.clock.now(),
      parentVersionId: input.parentVersionId ?? null,
      sweepId: sweep?.id ?? null,
      dataPath: dataParam ? (values[dataParam.name] ?? null) : null
    })
    const started = this.deps.jobs.start<MlopsRun>({
      kind: sweep ? `mlops:sweep:${sweep.id}` : `mlops:run:${row.id}`,
      area: 'mlops',
      title: `${row.name} #${runId}`,
      unit: 'tries',
      route: `/mlops/runs/${runId}`,
      concurrency: sweep ? sweep.parallelism : spec.concurrency,
      run: (job) => this.execute(runId, job.signal, (d, t, m) => job.progress(d, t, m)),
      result: (r) => ({ runId: r.id, state: r.state, versionId: r.versionId })
    })
    this.repo.updateRun(runId, { job_uuid: started.jobId })
    this.changed('run', runId)
    return { ...startedOf(started), runId, done: started.done }
  }

  retryRun(id: number): JobStarted & { runId: number } {
    const r = this.runRow(id)
    if (r.state === 'queued' || r.state === 'running') throw new AppError('CONFLICT', `run #${id} is still ${r.state}`)
    const s = this.startRun(
      {
        jobId: r.job_id,
        params: JSON.parse(r.params) as Record<string, string>,
        reason: `retry of run #${id}`,
        ...(r.parent_version_id ? { parentVersionId: r.parent_version_id } : {})
      },
      'retry'
    )
    return { jobId: s.jobId, state: s.state, runId: s.runId }
  }

  cancelRun(id: number): { cancelled: boolean } {
    const r = this.runRow(id)
    if (!r.job_uuid || (r.state !== 'queued' && r.state !== 'running')) return { cancelled: false }
    return { cancelled: this.deps.jobs.cancel(r.job_uuid).cancelled }
  }

  private runRow(id: number): RunRow {
    const r = this.repo.run(id)
    if (!r) throw notFound(`run ${id}`)
    return r
  }

  private async execute(
    runId: number,
    signal: AbortSignal,
    progress: (done: number, total: number, msg: string) => void
  ): Promise<MlopsRun> {
    const r = this.runRow(runId)
    const row = this.repo.job(r.job_id)!
    const spec = specOf(row)
    const dir = path.join(this.deps.dataDir, 'runs', String(runId))
    const outputDir = path.join(dir, 'output')
    fs.mkdirSync(outputDir, { recursive: true })
    const logPath = path.join(dir, 'log.txt')
    const log = new LogWriter(logPath)
    const now = this.deps.clock.now
    this.repo.updateRun(runId, { state: 'running', started_at: now(), log_path: logPath, output_dir: outputDir })
    this.changed('run', runId)
    let lastEvent = 0
    const onOutput = (bytes: number): void => {
      const t = performance.now()
      if (t - lastEvent < LOG_EVENT_MS) return
      lastEvent = t
      this.deps.bus.publish('mlops:log', { runId, bytes })
    }
    const sys = (line: string): void => (log.line('sys', line), onOutput(log.bytes))
    const fields: Partial<RunRow> = {}
    let state: MlopsRun['state'] = 'failed'
    try {
      const values: Record<string, string> = {
        ...(JSON.parse(r.params) as Record<string, string>),
        output_dir: outputDir,
        run_id: String(runId)
      }
      values.parent_artifact = r.parent_version_id ? (this.deps.registry?.versionArtifact(r.parent_version_id)?.artifactPath ?? '') : ''
      const argv = render(spec.command, values, spec.useShell)
      const env = this.environment(row, spec, outputDir, runId)
      const startedAt = now()
      let result: Awaited<ReturnType<typeof runProcess>> | null = null
      for (let attempt = 1; attempt <= spec.retries; attempt++) {
        progress(attempt - 1, spec.retries, `try ${attempt} of ${spec.retries}`)
        sys(
          `try ${attempt} of ${spec.retries}: ${spec.useShell ? argv[0] : argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`
        )
        this.repo.updateRun(runId, { attempt })
        result = await runProcess(
          {
            argv,
            useShell: spec.useShell,
            cwd: spec.workingDir,
            env,
            logPath,
            timeoutMs: spec.timeoutSec * 1000,
            signal,
            onOutput,
            onSample: (r) => {
              this.repo.updateRun(runId, { cpu_ms: r.cpuMs, max_rss_bytes: r.maxRssBytes, samples: JSON.stringify(r.samples) })
              this.changed('run', runId)
            }
          },
          log
        )
        Object.assign(fields, {
          exit_code: result.exitCode,
          cpu_ms: result.cpuMs,
          max_rss_bytes: result.maxRssBytes,
          samples: JSON.stringify(result.samples)
        })
        if (result.cancelled || signal.aborted) break
        if (result.exitCode === 0) break
        if (attempt < spec.retries) {
          sys(
            `try ${attempt} failed (${result.timedOut ? 'timed out' : (result.spawnError ?? `exit ${result.exitCode ?? result.signal}`)}); next try in ${spec.backoffSec} s`
          )
          await sleep(spec.backoffSec * 1000, signal).catch(() => undefined) // cancelled: the loop ends below
          if (signal.aborted) break
        }
      }
      fields.ended_at = now()
      if (signal.aborted || result?.cancelled) {
        state = 'cancelled'
        fields.error = 'cancelled'
      } else if (!result || result.exitCode !== 0) {
        fields.error = result?.timedOut
          ? `timed out after ${spec.timeoutSec} s`
          : (result?.spawnError ??
            `exited with ${result?.signal ? `signal ${result.signal}` : `code ${result?.exitCode}`} after ${spec.retries} ${spec.retries === 1 ? 'try' : 'tries'}`)
      } else {
        sys(`finished in ${((fields.ended_at - startedAt) / 1000).toFixed(1)} s`)
        const out = readOutput(spec.output, outputDir, spec.artifactPath)
        fields.metrics = JSON.stringify(out.metrics)
        fields.code_version = await codeVersion(spec.workingDir, argv)
        if (spec.pipeline) {
          if (!this.deps.registry || !this.deps.training) throw new Error('the models area is not available: cannot register the version')
          const outcome = await runPipeline(
            { registry: this.deps.registry, training: this.deps.training, runMetricsOf: (v) => this.runMetricsOf(v) },
            spec.pipeline,
            out,
            {
              runId,
              jobName: row.name,
              trigger: r.trigger,
              codeVersion: fields.code_version,
              dataPath: r.data_path,
              parentVersionId: r.parent_version_id
            },
            sys
          )
          fields.version_id = outcome.version.id
          fields.version_label = `${outcome.version.modelName} v${outcome.version.version}`
          fields.gate = JSON.stringify(outcome.gate)
          if (!outcome.gate.passed)
            this.deps.bus.publish('mlops:notice', {
              title: `Gate stopped ${fields.version_label}`,
              body: outcome.gate.summary,
              route: `/mlops/runs/${runId}`
            })
        }
        state = 'succeeded'
      }
    } catch (err) {
      fields.error = err instanceof Error ? err.message : String(err)
      fields.ended_at ??= now()
      sys(`failed: ${fields.error}`)
    } finally {
      await log.close()
      this.repo.updateRun(runId, { ...fields, state, log_bytes: log.bytes })
      this.deps.bus.publish('mlops:log', { runId, bytes: log.bytes })
      this.changed('run', runId)
    }
    this.triggers.runEnded(r.job_id, runId, state)
    const summary = this.runSummary(runId)
    if (state === 'failed') throw new AppError('UNAVAILABLE', `${row.name} #${runId}: ${fields.error}`)
    if (state === 'cancelled') throw new AppError('CANCELLED', `${row.name} #${runId}: cancelled`)
    return summary
  }

  private environment(
    row: { id: number; secrets: Buffer | null } & object,
    spec: JobSpecStored,
    outputDir: string,
    runId: number
  ): Record<string, string> {
    const base: Record<string, string> = {}
    for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']) if (process.env[k]) base[k] = process.env[k]!
    return {
      ...base,
      ...spec.env,
      ...secretsOf(row as never, this.deps.secrets),
      MLOPS_RUN_ID: String(runId),
      MLOPS_OUTPUT_DIR: outputDir,
      MLFLOW_TRACKING_URI: `file://${outputDir}`
    }
  }

  private runMetricsOf(versionId: number): Metrics | null {
    const r = this.repo.runsByVersion([versionId])[0]
    return r?.metrics ? (JSON.parse(r.metrics) as Metrics) : null
  }

  runs(jobId: number | undefined, limit = 100): MlopsRun[] {
    return this.repo.runs(jobId, limit).map(toSummary)
  }
  runSummary(id: number): MlopsRun {
    return toSummary(this.runRow(id))
  }
  run(id: number): MlopsRunDetail {
    const r = this.runRow(id)
    return {
      ...toSummary(r),
      samples: JSON.parse(r.samples) as MlopsRunDetail['samples'],
      codeVersion: r.code_version,
      dataPath: r.data_path,
      outputDir: r.output_dir
    }
  }
  log(id: number, search: string, limit: number) {
    const r = this.runRow(id)
    return readLog(id, r.log_path, search, limit)
  }

  // sweeps
  startSweep(input: z.output<typeof SweepInput>): Sweep {
    const row = this.repo.job(input.jobId)
    if (!row) throw notFound(`job ${input.jobId}`)
    const spec = specOf(row)
    for (const k of Object.keys(input.space))
      if (!spec.params.some((p) => p.name === k))
        throw new AppError('VALIDATION', `space.${k}: the job has no parameter “${k}”`, `space.${k}`)
    const combos = sweepCombos(input.mode, input.space, input.samples, input.seed)
    const all = combos.map((c) => ({ ...input.params, ...c }))
    for (const c of all) resolveParams(spec.params, c) // every run is valid before any starts
    const sweepId = this.repo.insertSweep(row.id, input.mode, JSON.stringify(input.space), input.parallelism, this.deps.clock.now())
    all.forEach((c, i) =>
      this.startRun({ jobId: row.id, params: c, reason: `sweep #${sweepId}, point ${i + 1} of ${all.length}` }, 'sweep', {
        id: sweepId,
        parallelism: input.parallelism
      })
    )
    this.changed('sweep', sweepId)
    return this.sweep(sweepId)
  }
  sweep(id: number): Sweep {
    const s = this.repo.sweep(id)
    if (!s) throw notFound(`sweep ${id}`)
    return {
      id: s.id,
      jobId: s.job_id,
      mode: s.mode,
      parallelism: s.parallelism,
      createdAt: s.created_at,
      runs: this.repo.runsOfSweep(id).map(toSummary)
    }
  }
  sweeps(jobId?: number): Sweep[] {
    return this.repo.sweeps(jobId).map((s) => this.sweep(s.id))
  }

  // lineage
  lineage(modelName: string): LineageNode[] {
    const versions = this.deps.training?.lineage(modelName) ?? []
    const runs = new Map(this.repo.runsByVersion(versions.map((v) => v.id)).map((r) => [r.version_id!, r]))
    return versions.map((v) => {
      const r = runs.get(v.id)
      return {
        versionId: v.id,
        label: `${v.modelName} v${v.version}`,
        parentVersionId: v.parentVersionId,
        aliases: v.aliases,
        stage: v.stage,
        runId: r?.id ?? null,
        kind: r ? (r.parent_version_id ? 'fine-tune' : 'retrain') : 'registered',
        dataPath: r?.data_path ?? v.dataset,
        codeVersion: r?.code_version ?? v.tags['mlops.code_version'] ?? null
      }
    })
  }

  /** Deletes the logs and outputs of runs that ended more than the retention ago. */
  pruneLogs(): number {
    const before = this.deps.clock.now() - this.deps.logRetentionDays() * 86_400_000
    const old = this.repo.expiredLogs(before)
    for (const o of old) {
      fs.rmSync(path.dirname(o.log_path), { recursive: true, force: true })
      this.repo.updateRun(o.id, { log_path: null })
    }
    return old.length
  }

  palette(q: string, limit: number): PaletteItem[] {
    const needle = q.toLowerCase()
    return this.repo
      .jobs()
      .filter((j) => j.name.toLowerCase().includes(needle))
      .slice(0, limit)
      .map((j) => ({ kind: 'job', id: String(j.id), title: j.name, subtitle: 'MLOps job', route: `/mlops/jobs/${j.id}` }) as PaletteItem)
  }
}

function toSummary(r: RunRow): MlopsRun {
  return {
    id: r.id,
    jobId: r.job_id,
    jobName: r.job_name,
    state: r.state as MlopsRun['state'],
    reason: r.reason,
    trigger: r.trigger as MlopsRun['trigger'],
    params: JSON.parse(r.params) as Record<string, string>,
    attempt: r.attempt,
    exitCode: r.exit_code,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.started_at !== null && r.ended_at !== null ? r.ended_at - r.started_at : null,
    cpuMs: r.cpu_ms,
    maxRssBytes: r.max_rss_bytes,
    logBytes: r.log_bytes,
    versionId: r.version_id,
    versionLabel: r.version_label,
    parentVersionId: r.parent_version_id,
    sweepId: r.sweep_id,
    metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, number>) : {},
    gate: r.gate ? (JSON.parse(r.gate) as MlopsRun['gate']) : null,
    error: r.error,
    jobUuid: r.job_uuid
  }
}

/** The git commit of the working folder, or the sha256 of the script the command runs. */
async function codeVersion(cwd: string, argv: string[]): Promise<string | null> {
  const git = await new Promise<string | null>((resolve) =>
    execFile('git', ['rev-parse', 'HEAD'], { cwd, timeout: 5000 }, (err, out) => resolve(err ? null : out.trim() || null))
  )
  if (git) return `git:${git.slice(0, 12)}`
  const script = argv
    .slice(0, 3)
    .map((a) => path.resolve(cwd, a))
    .find((p) => /\.(py|sh|R|jl|js)$/.test(p) && fs.existsSync(p))
  if (!script) return null
  return `sha256:${createHash('sha256').update(fs.readFileSync(script)).digest('hex').slice(0, 12)}`
}
