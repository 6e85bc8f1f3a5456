/** Imports: parse and stage on the executor, publish in one transaction, cancel, delete, and clean up retired or abandoned rows. */
import fs from 'node:fs'
import path from 'node:path'
import type { CostImportReport } from '../../../shared/contract/costs'
import { AppError, invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { JobContext, JobSpec } from '../../core/jobs'
import type { Logger } from '../../core/log'
import { inTransaction, type Db } from '../../db/open'
import type { ExternalCostFormat, ExternalCostImporters } from './api'
import type { CleanupResult, CostsExecutor, StagedImport } from './executor'
import { writeExternalRows } from './externalRows'
import { inspectFile } from '../../core/files/inspect'
import { FOCUS_COLUMNS, REQUIRED_COLUMNS } from './importer'
import { formatNano, parseNano } from './money'
import type { CostsRepo } from './repo'
import { readSettings } from './settings'

export type ImportInput = {
  path: string
  source?: string | undefined
  rates?: Record<string, number>
  /** An external format (ext:<extension id>/<importer>): the extension parses the file into FOCUS rows first. */
  importer?: string | undefined
}

export interface ImportsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  repo: CostsRepo
  executor: CostsExecutor
  /** better_sqlite3.node for the jobs' own connections. */
  nativeBinding?: string | undefined
  /** Runs after an import is published (budgets are checked against the new data). */
  onImported: () => void
  /** Bill formats extensions add (null: none). */
  external?: () => ExternalCostImporters | null
}

export class CostsImports {
  /** Staging imports whose job runs now (the others are abandoned: clean-up deletes them). */
  private running = new Set<number>()
  /** The clean-up job in flight (one at a time); stop() aborts it. */
  private cleaning: Promise<CleanupResult> | undefined
  private cleanAgain = false
  private stopping = new AbortController()

  constructor(private readonly deps: ImportsDeps) {}

  /** Cancels the running imports and the clean-up job; resolves once the clean-up has stopped. */
  async stop(): Promise<void> {
    this.stopping.abort()
    await this.cleaning?.catch(() => undefined)
  }

  /**
   * Delete retired rows (replaced periods, deleted imports) and abandoned staging imports in small batches, on the
   * executor. One job at a time; a request while one runs runs another pass after it. Resolves when done.
   */
  cleanUp(): Promise<CleanupResult> {
    if (this.cleaning) {
      this.cleanAgain = true
      return this.cleaning
    }
    const pass = async (): Promise<CleanupResult> => {
      let deletedRows = 0
      do {
        this.cleanAgain = false
        if (this.stopping.signal.aborted) break
        const abandoned = this.deps.repo.stagingImports().filter((id) => !this.running.has(id))
        const r = (await this.deps.executor.run(
          { type: 'cleanup', db: this.dbRef(), abandoned },
          () => {},
          this.stopping.signal
        )) as CleanupResult
        deletedRows += r.deletedRows
      } while (this.cleanAgain)
      return { deletedRows }
    }
    const p = pass().finally(() => {
      if (this.cleaning === p) this.cleaning = undefined
    })
    this.cleaning = p
    return p
  }

  private dbRef() {
    return { file: this.deps.db.name, nativeBinding: this.deps.nativeBinding }
  }

  /** An import as a job: the source is checked at once; parsing and staging run on the executor (a worker thread). */
  importJob(input: ImportInput): JobSpec<CostImportReport> {
    const source = input.source ? this.deps.repo.sourceByName(input.source) : undefined
    if (input.source && !source)
      throw new AppError('NOT_FOUND', `source "${input.source}" not found; save its column mapping first`, 'source')
    const base = path.basename(input.path)
    const ext = input.importer ? this.externalFormat(input.importer) : null
    const label = ext ? `${ext.title} (from extension ${ext.extensionName})` : null
    let importId = 0
    return {
      kind: 'costs:import',
      area: 'costs',
      title: `Import bill ${base}${label ? ` as ${label}` : ''}`,
      unit: 'bytes',
      route: '/costs/import',
      cleanup: async () => {
        // the staged rows were never visible; delete them before the job ends, so nothing is left behind
        this.running.delete(importId)
        if (importId && !this.deps.repo.dropUnwrittenImport(importId))
          await this.cleanUp().catch((e: unknown) => this.deps.logger.error(`costs clean-up failed: ${(e as Error).message}`))
      },
      run: async (job) => {
        let converted: { file: string; rows: number } | null = null
        try {
          if (ext && label) {
            // the extension parses the file in its own process, allowed to read that file only; costs checks its rows
            job.progress(0, null, `parsing ${base} with ${label}`)
            converted = writeExternalRows(await this.deps.external!()!.parse(ext.id, input.path, job.signal), label)
            job.throwIfCancelled()
          }
          return await this.runImport(job, input, source, converted?.file ?? input.path, label, (id) => (importId = id))
        } finally {
          if (converted) fs.rmSync(path.dirname(converted.file), { recursive: true, force: true })
        }
      }
    }
  }

  /** Formats extensions add, for the import page. */
  externalFormats(): ExternalCostFormat[] {
    return this.deps.external?.()?.formats() ?? []
  }

  private externalFormat(id: string): ExternalCostFormat {
    const f = this.externalFormats().find((x) => x.id === id)
    if (!f) throw invalid('importer', `no installed extension adds the bill format ${id}`)
    return f
  }

  private async runImport(
    job: JobContext,
    input: ImportInput,
    source: ReturnType<CostsRepo['sourceByName']>,
    file: string,
    label: string | null,
    onImportId: (importId: number) => void
  ): Promise<CostImportReport> {
    const base = path.basename(input.path)
    const started = this.deps.clock.now()
    const t0 = performance.now()
    job.progress(0, null, `reading ${base}`)
    const currency = readSettings(this.deps.repo).currency
    const importId = this.deps.repo.insertImport({
      source_id: source?.id ?? null,
      file: input.path,
      format: 'csv',
      rows: 0,
      billed: 0n,
      effective: 0n,
      currency: currency ?? 'USD',
      periods: '[]',
      replaced_rows: 0,
      started_at: started,
      finished_at: 0
    })
    onImportId(importId)
    this.running.add(importId)
    // parsing and writing the rows (invisible until published) run on the executor: a worker thread in the app
    const staged = (await this.deps.executor.run(
      {
        type: 'import',
        db: this.dbRef(),
        importId,
        file,
        ...(source && source.kind === 'mapped' ? { mapping: JSON.parse(source.mapping) as Record<string, string> } : {}),
        defaultAccount: source?.name ?? 'default',
        currency,
        rates: input.rates ?? {}
      },
      (done, total, message) => job.progress(done, total, message),
      job.signal
    )) as StagedImport
    if (job.signal.aborted) throw new AppError('CANCELLED', `${base}: import cancelled; nothing was imported`)
    // one short transaction: the import becomes visible and the periods it replaces are retired
    const report = inTransaction(this.deps.db, () => {
      if (readSettings(this.deps.repo).currency === null && staged.rows > 0) this.deps.repo.setSetting('currency', staged.currency)
      const published = this.deps.repo.publishImport(importId, {
        format: label ?? staged.format,
        rows: staged.rows,
        billed: parseNano(staged.billed)!,
        effective: parseNano(staged.effective)!,
        currency: staged.currency,
        finished_at: this.deps.clock.now()
      })
      return {
        importId,
        file: input.path,
        format: label ?? staged.format,
        rows: staged.rows,
        billed: staged.billed,
        effective: staged.effective,
        currency: staged.currency,
        periods: published.periods,
        replacedRows: published.replacedRows,
        durationMs: 0
      }
    })
    this.running.delete(importId)
    if (report.replacedRows > 0) {
      job.progress(
        staged.bytes,
        staged.bytes,
        `${report.rows.toLocaleString('en-US')} rows imported; deleting ${report.replacedRows.toLocaleString('en-US')} replaced rows`
      )
      await this.cleanUp().catch((err: unknown) => this.deps.logger.error(`costs clean-up failed: ${(err as Error).message}`))
    }
    report.durationMs = Math.round(performance.now() - t0)
    job.progress(staged.bytes, staged.bytes, `${report.rows.toLocaleString('en-US')} rows imported`)
    this.deps.onImported()
    return report
  }

  imports() {
    return this.deps.repo.imports().map((i) => ({
      id: i.id,
      file: i.file,
      format: i.format,
      source: i.source,
      rows: i.rows,
      liveRows: i.live_rows,
      billed: formatNano(i.billed, 2),
      currency: i.currency,
      periods: JSON.parse(i.periods) as string[],
      finishedAt: i.finished_at
    }))
  }

  /** Hides the import at once (one short transaction); its rows are deleted in the background, in batches. */
  deleteImport(id: number): { deletedRows: number } {
    const r = inTransaction(this.deps.db, () => {
      const d = this.deps.repo.deleteImport(id)
      if (d.rows < 0) throw notFound(`import ${id}`)
      if (d.from && d.to) this.deps.repo.rebuildRollup(d.from, d.to)
      else this.deps.repo.version++
      return d
    })
    void this.cleanUp().catch((err: unknown) => this.deps.logger.error(`costs clean-up failed: ${(err as Error).message}`))
    return { deletedRows: r.rows }
  }

  /** The file inspected (header read as column names), with the FOCUS columns a mapping can name. */
  async header(file: string) {
    const inspection = await inspectFile(file, { header: true, sampleRows: 200 })
    return { ...inspection, focusColumns: [...FOCUS_COLUMNS], required: [...REQUIRED_COLUMNS] }
  }

  sources() {
    return this.deps.repo.sources().map((s) => ({ ...s, mapping: JSON.parse(s.mapping) as Record<string, string> }))
  }

  saveSource(name: string, mapping: Record<string, string>): { id: number } {
    const known = new Set<string>(FOCUS_COLUMNS)
    const clean: Record<string, string> = {}
    for (const [k, v] of Object.entries(mapping)) {
      if (!known.has(k)) throw invalid(`mapping.${k}`, `${k} is not a FOCUS column the importer reads (${FOCUS_COLUMNS.join(', ')})`)
      if (v.trim()) clean[k] = v.trim()
    }
    return { id: this.deps.repo.saveSource(name, clean, this.deps.clock.now()) }
  }
}
