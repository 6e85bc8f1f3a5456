/**
 * Extension importers for costs: Costs › Import offers the format, the extension parses the file in a fresh process
 * allowed to read that file only, costs checks the rows and imports them through the ordinary job (report, progress,
 * cancel); a wrong answer or a file beyond the grant fails with a clear error and leaves nothing behind.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CostImportReport } from '../../../shared/contract/costs'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { childProcessesWith } from '../../../../tests/helpers/childProcesses'

const EXAMPLE = path.resolve(__dirname, '../../../../examples/extensions/vendor-feed')
const PROBE = path.resolve(__dirname, '__fixtures__/contrib')
let t: TestApp
let files: string

async function install(folder: string): Promise<void> {
  const preview = await t.app.extensions.inspect({ kind: 'folder', path: folder })
  await t.app.extensions.install(preview.token, [], true)
}

const write = (name: string, body: unknown): string => {
  const file = path.join(files, name)
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body))
  return file
}

/** Host processes whose permission model lets them read `file` (children of this process). */
const processesReading = (file: string): number => childProcessesWith(`--allow-fs-read=${file}`)

const runImport = (file: string, importer: string) => {
  const { jobId } = t.app.costs.startImport({ path: file, importer })
  return { jobId, done: t.app.jobs.wait(jobId) as Promise<CostImportReport> }
}
const unpublished = () => (t.app.db.prepare("SELECT COUNT(*) AS n FROM cost_imports WHERE state != 'live'").get() as { n: number }).n

beforeAll(async () => {
  t = tempApp()
  files = tempDir('cc-ext-bills-')
  await install(EXAMPLE)
  await install(PROBE)
})
afterAll(async () => {
  await t.cleanup()
  fs.rmSync(files, { recursive: true, force: true })
})

describe('extension importers (costs)', () => {
  it('are offered by the costs import flow with the extension named', () => {
    expect(t.app.costs.importFormats()).toEqual([
      {
        id: 'ext:contrib-probe/echo',
        title: 'Echo rows',
        extensions: ['.json'],
        extension: 'contrib-probe',
        extensionName: 'Contribution probe'
      },
      {
        id: 'ext:vendor-feed/vendor-bill',
        title: 'Vendor bill (JSON)',
        extensions: ['.json'],
        extension: 'vendor-feed',
        extensionName: 'Vendor feed (example)'
      }
    ])
  })

  it('import a vendor JSON bill as FOCUS rows through the ordinary job', async () => {
    const file = write('vendor-2026-11.json', {
      account: 'acme-123',
      currency: 'USD',
      period: '2026-11',
      lines: [
        { date: '2026-11-01', product: 'Search API', category: 'API', amount: '12.40', units: 1240, unit: 'requests', region: 'eu-west' },
        { date: '2026-11-02', product: 'Search API', category: 'API', amount: '7.60', units: 760, unit: 'requests', region: 'eu-west' },
        { date: '2026-11-02', product: 'Storage', amount: 3.25 }
      ]
    })
    const progress: string[] = []
    const off = t.app.bus.subscribe((name, p) => name === 'job:progress' && progress.push(String((p as { message?: string }).message)))
    const { jobId, done } = runImport(file, 'ext:vendor-feed/vendor-bill')
    const report = await done
    off?.()
    expect(report).toMatchObject({
      file,
      format: 'Vendor bill (JSON) (from extension Vendor feed (example))',
      rows: 3,
      billed: '23.250000000',
      currency: 'USD'
    })
    expect(report.periods).toEqual([{ account: 'acme-123', period: '2026-11-01', rows: 3, replacedRows: 0 }])
    expect(t.app.jobs.get(jobId)).toMatchObject({
      state: 'done',
      title: 'Import bill vendor-2026-11.json as Vendor bill (JSON) (from extension Vendor feed (example))'
    })
    expect(progress.at(-1)).toBe('3 rows imported')
    expect(t.app.costs.imports()[0]).toMatchObject({ file, format: 'Vendor bill (JSON) (from extension Vendor feed (example))', rows: 3 })
    expect(t.app.costs.dimensions().service).toEqual(expect.arrayContaining(['Search API', 'Storage']))
    expect(processesReading(fs.realpathSync(file))).toBe(0) // the import's process has ended
    expect(t.app.extensions.get('vendor-feed', 20).logs.some((l) => l.message.includes('may read that file only'))).toBe(true)
  })

  it('the importer may read the chosen file only', async () => {
    const secret = write('other.json', '{"not":"yours"}')
    const { done } = runImport(write('peek.json', { peek: secret }), 'ext:contrib-probe/echo')
    await expect(done).rejects.toThrow(`could not read ${secret}: ERR_ACCESS_DENIED`)
    expect(unpublished()).toBe(0)
  })

  it('refuses wrong answers with errors naming the row and column, importing nothing', async () => {
    const answer = (a: unknown) => runImport(write(`answer-${Math.random()}.json`, { answer: a }), 'ext:contrib-probe/echo').done
    await expect(answer({ nope: 1 })).rejects.toThrow(/Echo rows \(from extension Contribution probe\) answered no rows/)
    await expect(answer([{ BilledCost: 1, ChargePeriodStart: '2026-11-01', Price: 2 }])).rejects.toThrow(
      /row 1: "Price" is not a FOCUS column/
    )
    await expect(answer([{ BilledCost: 1 }])).rejects.toThrow(/row 1 has no ChargePeriodStart, which is required/)
    await expect(answer([{ BilledCost: [1], ChargePeriodStart: '2026-11-01' }])).rejects.toThrow(
      /row 1, BilledCost: must be text or a number, not a list/
    )
    // the ordinary cell checks still apply to what the extension answered
    await expect(answer([{ BilledCost: 'twelve', ChargePeriodStart: '2026-11-01' }])).rejects.toThrow(/BilledCost/)
    expect(unpublished()).toBe(0)
    expect(t.app.costs.imports()).toHaveLength(1)
  })

  it('refuses a file of another type and a format no extension adds', async () => {
    await expect(runImport(write('bill.csv', 'a,b\n'), 'ext:contrib-probe/echo').done).rejects.toThrow(
      /bill\.csv: Echo rows reads \.json files/
    )
    expect(() => t.app.costs.startImport({ path: write('bill.csv', 'a,b\n'), importer: 'ext:contrib-probe/nope' })).toThrow(
      /no installed extension adds the bill format ext:contrib-probe\/nope/
    )
  })

  it('a cancelled import stops the importer process and imports nothing', async () => {
    const file = fs.realpathSync(write('hang.json', { hang: true }))
    const { jobId, done } = runImport(file, 'ext:contrib-probe/echo')
    const deadline = Date.now() + 15_000
    while (processesReading(file) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(processesReading(file)).toBe(1)
    t.app.jobs.cancel(jobId)
    await expect(done).rejects.toThrow(/cancelled/)
    expect(processesReading(file)).toBe(0)
    expect(unpublished()).toBe(0)
  })
})
