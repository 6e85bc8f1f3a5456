import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../../tests/helpers/app'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'
import { channels, CHANNEL_NAMES, filePath, pathFieldsOf, stringFieldsOf, type FieldPath } from '../../shared/contract'
import { main, parseOptions, startServe } from '../cli'
import { isInside, realPathOf } from './dataRoots'

const dirs: string[] = []
const stops: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
  vi.restoreAllMocks()
})
const dir = (): string => {
  const d = fs.realpathSync(tempDir('cc-roots-'))
  dirs.push(d)
  return d
}

/** A string field whose name says it holds a file or folder. */
const PATH_LIKE = /(path|file|dir|directory|folder|root|destination|source|location|uri)$/i
/** Path-like names that hold no path, and why; a stale entry fails the test too. */
const NOT_PATHS: Record<string, string> = {
  'costs:import source': 'the name of a saved column mapping',
  'alerts:createChannel config.source': 'the PagerDuty event source, a name',
  'alerts:updateChannel config.source': 'the PagerDuty event source, a name',
  'mlops:saveJob artifactPath': 'a path inside the run’s own output folder (refused when it leaves it)',
  'mlops:saveJob pipeline.evaluation.predictionsFile': 'a file name inside the version’s artifact folder'
}
const show = (at: FieldPath): string => at.join('.')
const TOKEN = 'data-roots-test-token-0123456789abcdef0123'

/** Untagged string fields named like paths in a channel map (the check the contract must pass). */
function untaggedPathFields(map: Record<string, { input: z.ZodType }>): string[] {
  const out: string[] = []
  for (const [name, def] of Object.entries(map))
    for (const f of stringFieldsOf(def.input)) {
      const key = [...f.at].reverse().find((k) => typeof k === 'string' && k !== '*')
      if (typeof key === 'string' && PATH_LIKE.test(key) && !f.tagged && !(`${name} ${show(f.at)}` in NOT_PATHS))
        out.push(`${name} ${show(f.at)}`)
    }
  return out
}

describe('path fields in the contract', () => {
  it('every string field named like a path, in every channel, is tagged with filePath()', () => {
    expect(CHANNEL_NAMES.length).toBeGreaterThan(100)
    expect(untaggedPathFields(channels)).toEqual([])
    // the exceptions still exist (and stay untagged), so the list cannot rot
    for (const entry of Object.keys(NOT_PATHS)) {
      const [name, field] = entry.split(' ') as [keyof typeof channels, string]
      const f = stringFieldsOf(channels[name].input).find((x) => show(x.at) === field)
      expect(f, entry).toMatchObject({ tagged: false })
    }
  })

  it('a new channel with an untagged path field fails that check; tagged, the dispatcher finds it', () => {
    const untagged = { 'x:import': { input: z.strictObject({ items: z.array(z.strictObject({ csvFile: z.string() })) }) } }
    expect(untaggedPathFields(untagged)).toEqual(['x:import items.*.csvFile'])
    const tagged = { 'x:import': { input: z.strictObject({ items: z.array(z.strictObject({ csvFile: filePath() })) }).optional() } }
    expect(untaggedPathFields(tagged)).toEqual([])
    expect(pathFieldsOf(tagged['x:import'].input)).toEqual([['items', '*', 'csvFile']])
  })

  it('lists the channels that take a path (the ones a data root confines)', () => {
    const withPaths = Object.fromEntries(
      CHANNEL_NAMES.map((c) => [c, pathFieldsOf(channels[c].input).map(show)] as const).filter(([, f]) => f.length > 0)
    )
    expect(withPaths).toEqual({
      'workspace:backup': ['destination'],
      'workspace:restore': ['source'],
      'models:createVersion': ['artifactPath'],
      'models:importMlruns': ['path'],
      'models:importMlflowDb': ['path'],
      'models:importTable': ['path'],
      'models:evaluate': ['holdoutPath', 'predictions.*.path'],
      'models:previewFile': ['path'],
      'drift:inspect': ['path'],
      'drift:importDataset': ['path'],
      'experiments:importEvents': ['exposures', 'events', 'covariates'],
      'experiments:importSums': ['path'],
      'costs:import': ['path'],
      'costs:header': ['path'],
      'explain:explainDataset': ['modelPath', 'batchDir', 'dataPath', 'backgroundPath'],
      'explain:explainRow': ['modelPath', 'batchDir', 'backgroundPath'],
      'explain:inspectModel': ['modelPath'],
      'optimize:importStudies': ['path'],
      'testing:saveLoadTest': ['plan.variablesFile'],
      'features:saveView': ['source.path'],
      'features:inspectSource': ['path'],
      'features:exportFolder': ['path'],
      'features:importYaml': ['path'],
      'features:createTrainingSet': ['entityPath', 'outputPath'],
      'logs:createSource': ['paths.*'],
      'logs:updateSource': ['paths.*'],
      'mlops:saveJob': ['workingDir', 'pipeline.evaluation.holdoutPath'],
      'mlops:importMlproject': ['path'],
      'mlops:saveTrigger': ['watchPath'],
      'mlops:saveTarget': ['folder'],
      'optimize:ensembleBuild': ['holdoutPath', 'members.*.path'],
      'optimize:compareVariants': [
        'holdoutPath',
        'base.path',
        'base.artifactPath',
        'variants.*.path',
        'variants.*.artifactPath',
        'latencyFile'
      ],
      'dashboards:setProvisioning': ['folder'],
      'dashboards:exportFolder': ['folder'],
      'extensions:inspect': ['source.path'],
      'discovery:scan': ['folders.*']
    })
  })
})

describe('real paths', () => {
  it('resolves symlinks, `..`, files not written yet and dangling links before asking if a path is inside', () => {
    const root = dir()
    const out = dir()
    fs.writeFileSync(path.join(out, 'secret.csv'), 'a\n1\n')
    fs.symlinkSync(path.join(out, 'secret.csv'), path.join(root, 'link.csv'))
    fs.symlinkSync(out, path.join(root, 'linked-dir'))
    fs.symlinkSync(path.join(out, 'new.db'), path.join(root, 'dangling.db'))
    const inside = (p: string): boolean => isInside(root, realPathOf(p))
    expect(inside(path.join(root, 'a', 'b.csv'))).toBe(true)
    expect(inside(root)).toBe(true)
    expect(inside(path.join(root, 'link.csv'))).toBe(false)
    expect(inside(path.join(root, 'linked-dir', 'secret.csv'))).toBe(false)
    expect(inside(path.join(root, 'linked-dir', 'not-yet.csv'))).toBe(false)
    expect(inside(path.join(root, 'dangling.db'))).toBe(false)
    expect(inside(`${root}/../${path.basename(out)}/secret.csv`)).toBe(false)
    expect(inside(`${root}-sibling/x.csv`)).toBe(false)
    expect(inside('/etc/passwd')).toBe(false)
  })
})

describe('serve --allow-remote confines paths to --data-root folders, over HTTP', () => {
  async function serve(
    args: string[]
  ): Promise<{ url: string; rpc: (channel: string, body: unknown) => Promise<{ status: number; json: any }> }> {
    const ws = path.join(dir(), 'w.db')
    vi.stubEnv('CONSOLE_TOKEN', TOKEN)
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const { app, server } = await startServe('serve', parseOptions(['--port', '0', ...args]), ws)
    stops.push(async () => {
      await server.close()
      await app.close()
    })
    return {
      url: server.url,
      rpc: async (channel, body) => {
        const res = await fetch(`${server.url}/api/rpc/${channel}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body)
        })
        return { status: res.status, json: await res.json() }
      }
    }
  }

  function dataFolders() {
    const root = dir()
    const outside = dir()
    fs.writeFileSync(path.join(root, 'ok.csv'), 'a,b\n1,x\n2,y\n')
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'password\nhunter2\n')
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(root, 'escape.csv'))
    fs.symlinkSync('/etc/passwd', path.join(root, 'passwd.csv'))
    return { root, outside }
  }

  it('refuses /etc/passwd, a symlink escape and `..`, naming field and roots; accepts a file inside the root', async () => {
    const { root, outside } = dataFolders()
    const s = await serve(['--allow-remote', '--host', '127.0.0.1', '--data-root', root])
    const refused = async (channel: string, body: unknown, field: string): Promise<string> => {
      const r = await s.rpc(channel, body)
      expect(r.status, `${channel} ${JSON.stringify(body)}`).toBe(400)
      expect(r.json.error).toMatchObject({ code: 'VALIDATION', field })
      expect(r.json.error.message).toContain(root)
      expect(r.json.error.message).not.toMatch(/hunter2|root:x:0/)
      return r.json.error.message as string
    }
    expect(await refused('drift:inspect', { path: '/etc/passwd' }, 'path')).toBe(
      `path: /etc/passwd is outside the data roots of this console (${root}); only files inside --data-root folders can be used`
    )
    await refused('drift:inspect', { path: path.join(root, 'passwd.csv') }, 'path')
    await refused('drift:inspect', { path: path.join(root, 'escape.csv') }, 'path')
    await refused('drift:inspect', { path: `${root}/../${path.basename(outside)}/secret.csv` }, 'path')
    await refused('costs:import', { path: '/etc/shadow' }, 'path')
    await refused('models:previewFile', { path: '/etc/passwd' }, 'path')
    await refused('models:importMlruns', { path: '/' }, 'path')
    await refused('workspace:backup', { destination: path.join(outside, 'copy.db') }, 'destination')
    await refused('workspace:restore', { source: path.join(outside, 'copy.db') }, 'source')
    // a nested field is named by its place in the input
    await refused(
      'models:evaluate',
      {
        task: 'classification',
        holdoutPath: path.join(root, 'ok.csv'),
        labelColumn: 'a',
        predictions: [{ versionId: 1 }, { versionId: 2, path: '/etc/passwd' }]
      },
      'predictions[1].path'
    )
    // inside the root: served as before
    const ok = await s.rpc('drift:inspect', { path: path.join(root, 'ok.csv') })
    expect(ok.status).toBe(200)
    expect(ok.json.data.columns.map((c: { name: string }) => c.name)).toEqual(['a', 'b'])
    const backup = await s.rpc('workspace:backup', { destination: path.join(root, 'backups', 'copy.db') })
    expect(backup.status).toBe(200)
    expect(fs.existsSync(path.join(root, 'backups', 'copy.db'))).toBe(true)
    // channels without paths are untouched
    expect((await s.rpc('system:info', undefined)).status).toBe(200)
  })

  it('confines the sources a YAML import names (in text or in a folder inside the root), before anything is saved', async () => {
    const { root, outside } = dataFolders()
    const s = await serve(['--allow-remote', '--host', '127.0.0.1', '--data-root', root])
    const view = (source: string): string =>
      `name: v_${path.basename(source).replace(/\W/g, '_')}\nentities: [{ name: a, type: int64 }]\ntimestamp: t\nsource: ${source}\nfeatures:\n  - { name: b, type: string }\n`
    const text = await s.rpc('features:importYaml', { yaml: view(root + '/ok.csv') + '---\n' + view(path.join(outside, 'secret.csv')) })
    expect(text.status).toBe(400)
    expect(text.json.error).toMatchObject({ code: 'VALIDATION', field: 'yaml' })
    expect(text.json.error.message).toBe(
      `yaml: line 8: source: ${path.join(outside, 'secret.csv')} is outside the data roots of this console (${root}); only files inside --data-root folders can be used`
    )
    // a relative source in a file of the folder resolves against that folder: `..` leaves the root
    fs.mkdirSync(path.join(root, 'yaml'))
    fs.writeFileSync(path.join(root, 'yaml', 'escape.yaml'), view(`../../${path.basename(outside)}/secret.csv`))
    const folder = await s.rpc('features:importYaml', { path: path.join(root, 'yaml') })
    expect(folder.json.error).toMatchObject({ code: 'VALIDATION', field: 'path' })
    expect(folder.json.error.message).toMatch(/^path: escape\.yaml: line 1: source: .* is outside the data roots/)
    expect((await s.rpc('features:views', undefined)).json.data).toEqual([])
    // inside the root, the same import is saved
    fs.writeFileSync(path.join(root, 'yaml', 'escape.yaml'), view('../ok.csv'))
    const ok = await s.rpc('features:importYaml', { path: path.join(root, 'yaml') })
    expect(ok.status).toBe(200)
    expect(ok.json.data.views).toMatchObject([{ name: 'v_ok_csv', outcome: 'created' }])
  })

  it('with --allow-remote and no --data-root, no request reads or writes a file', async () => {
    const { root } = dataFolders()
    const s = await serve(['--allow-remote'])
    const r = await s.rpc('drift:inspect', { path: path.join(root, 'ok.csv') })
    expect(r.status).toBe(400)
    expect(r.json.error.field).toBe('path')
    expect(r.json.error.message).toMatch(/serves no files .*--data-root FOLDER/)
  })

  it('loopback serve without --allow-remote or --data-root is unchanged: any readable path', async () => {
    const { outside } = dataFolders()
    const s: ServedApp = await servedApp()
    stops.push(() => s.cleanup())
    const r = await s.rpc('drift:inspect', { path: path.join(outside, 'secret.csv') })
    expect(r.status).toBe(200)
    const cli = await serve([])
    expect((await cli.rpc('drift:inspect', { path: path.join(outside, 'secret.csv') })).status).toBe(200)
  })

  it('refuses a --data-root that is not a folder, and documents the flags in --help', async () => {
    await expect(serve(['--allow-remote', '--data-root', '/nonexistent/data'])).rejects.toThrow(
      '--data-root /nonexistent/data: no such folder'
    )
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await main(['serve', '--help'])).toBe(0)
    const help = String(write.mock.calls[0]![0])
    expect(help).toMatch(/--data-root DIR/)
    expect(help).toMatch(/--allow-remote .*\n.*must then lie inside a --data-root folder/)
  })
})
