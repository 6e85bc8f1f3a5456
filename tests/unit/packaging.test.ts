import { builtinModules, createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleWorker, WORKER_ENTRIES } from '../../electron.vite.config'
import { featuresWorkerExecutor, modelsWorkerExecutor, workerExecutor } from '../../src/main/workers/pool'
import { feastCases, requestFor } from '../../src/main/services/features/__fixtures__/cases'
import type { RetrievalResult } from '../../src/main/services/features/engine/retrieval'

/** Packaging as electron-builder reads it: its own loader, schema check and fuse mapping (no Electron binary needed). */
const root = path.resolve(__dirname, '../..')
const require = createRequire(path.join(root, 'package.json'))

async function builderConfig(): Promise<Record<string, any>> {
  require('app-builder-lib') // loads the package in its own order (its modules import each other in a cycle)
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
  const { DebugLogger } = require('builder-util')
  const config = await getConfig(root, null, null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

describe('packaging (electron-builder.yml)', () => {
  it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; cookie encryption, ASAR integrity, app only from the ASAR; no file:// extras', async () => {
    const config = await builderConfig()
    const { PlatformPackager } = require('app-builder-lib/out/platformPackager')
    const { FuseV1Options } = require('@electron/fuses')
    const wires = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses)
    expect({
      RunAsNode: wires[FuseV1Options.RunAsNode],
      EnableNodeOptionsEnvironmentVariable: wires[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      EnableNodeCliInspectArguments: wires[FuseV1Options.EnableNodeCliInspectArguments],
      EnableCookieEncryption: wires[FuseV1Options.EnableCookieEncryption],
      EnableEmbeddedAsarIntegrityValidation: wires[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      OnlyLoadAppFromAsar: wires[FuseV1Options.OnlyLoadAppFromAsar],
      GrantFileProtocolExtraPrivileges: wires[FuseV1Options.GrantFileProtocolExtraPrivileges]
    }).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false
    })
  })

  it('keeps all of the app inside the ASAR: only native addons (and the DuckDB library beside its addon) are unpacked', async () => {
    const config = await builderConfig()
    expect(config.asar).not.toBe(false)
    expect(config.asarUnpack).toEqual(['**/*.node', '**/node_modules/@duckdb/node-bindings-*/**'])
  })
})

describe('worker bundles', () => {
  const bundles = Object.entries(WORKER_ENTRIES).map(([name, entry]) => ({ name, entry }))
  const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as any).dependencies)
  const importsOf = (code: string): string[] =>
    [...code.matchAll(/(?:^|\n)\s*import\s[^'"]*?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)

  it.each(bundles)('$name is one self-contained file importing only Node built-ins and runtime dependencies', async ({ name, entry }) => {
    const chunks = await bundleWorker(name, entry)
    expect(chunks.map((c) => c.fileName)).toEqual([`${name}.js`])
    const imports = importsOf(chunks[0]!.code)
    expect(imports.length).toBeGreaterThan(0)
    for (const spec of imports) {
      const allowed = spec.startsWith('node:') || builtinModules.includes(spec) || deps.some((d) => spec === d || spec.startsWith(`${d}/`))
      expect(allowed, `${name} imports ${spec}`).toBe(true)
    }
  })

  it('the drift worker bundle runs a job on its own, with no other file of ours beside it', async () => {
    const [chunk] = await bundleWorker('drift-worker', WORKER_ENTRIES['drift-worker']!)
    const dir = fs.mkdtempSync(path.join(root, '.tmp-worker-')) // inside the repo so node_modules resolve as in the asar
    try {
      const file = path.join(dir, 'drift-worker.js')
      fs.writeFileSync(file, chunk!.code)
      const csv = path.join(root, 'src/main/services/drift/__fixtures__/small-reference.csv')
      const inspection = (await workerExecutor({ file, kind: 'built' }).run({ type: 'inspect', path: csv, options: {} }, () => {})) as {
        columns: unknown[]
      }
      expect(inspection.columns.length).toBeGreaterThan(0)
      expect(fs.readdirSync(dir).sort()).toEqual(['drift-worker.js'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the models worker bundle runs an evaluation on its own', async () => {
    const [chunk] = await bundleWorker('models-worker', WORKER_ENTRIES['models-worker']!)
    const dir = fs.mkdtempSync(path.join(root, '.tmp-worker-'))
    try {
      const file = path.join(dir, 'models-worker.js')
      fs.writeFileSync(file, chunk!.code)
      const holdout = path.join(dir, 'holdout.csv')
      fs.writeFileSync(holdout, 'y,p\n0,0.2\n1,0.9\n0,0.4\n1,0.7\n')
      const out = await modelsWorkerExecutor({ file, kind: 'built' }).run(
        {
          type: 'evaluate',
          spec: {
            task: 'classification',
            holdoutPath: holdout,
            labelColumn: 'y',
            predictions: [{ versionId: 1, label: 'v1', scoreColumn: 'p' }],
            resamples: 10,
            seed: 1,
            confidence: 0.95,
            calibrationBins: 2
          }
        },
        () => {}
      )
      expect(out.rows).toBe(4)
      expect(out.versions[0]!.metrics.find((m) => m.key === 'roc_auc')?.value).toBe(1)
      expect(fs.readdirSync(dir).sort()).toEqual(['holdout.csv', 'models-worker.js'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the features worker bundle joins with DuckDB (a runtime dependency, loaded from node_modules) on its own', async () => {
    const [chunk] = await bundleWorker('features-worker', WORKER_ENTRIES['features-worker']!)
    expect(importsOf(chunk!.code)).toContain('@duckdb/node-api')
    const dir = fs.mkdtempSync(path.join(root, '.tmp-worker-'))
    try {
      const file = path.join(dir, 'features-worker.js')
      fs.writeFileSync(file, chunk!.code)
      const c = feastCases()[0]!
      const req = requestFor(c, c.runs[0]!, dir, 'parquet', 'parquet')
      const result = await featuresWorkerExecutor({ file, kind: 'built' }).run<RetrievalResult>(
        { type: 'retrieve', engine: 'duckdb', request: req },
        () => {}
      )
      expect(result).toMatchObject({ engine: 'duckdb', nulls: { trips_today: 2, earnings_today: 2 } })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
