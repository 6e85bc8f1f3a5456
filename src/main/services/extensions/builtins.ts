/**
 * The extensions built into the console (extensions/builtin/): Slack, PagerDuty and OpsGenie channels and the GitHub
 * deployments receiver. Their files are bundled into the main process (`?raw`) and written into every workspace's
 * extensions folder at start; they are installed enabled, trusted as the console's own (signed, every permission they
 * ask for granted), listed like any extension, run in their own sandboxed process, and can be disabled, not removed.
 */
import fs from 'node:fs'
import path from 'node:path'
import ghManifest from '../../../../extensions/builtin/github-deployments/extension.json?raw'
import ghMain from '../../../../extensions/builtin/github-deployments/index.mjs?raw'
import ogManifest from '../../../../extensions/builtin/opsgenie/extension.json?raw'
import ogMain from '../../../../extensions/builtin/opsgenie/index.mjs?raw'
import pdManifest from '../../../../extensions/builtin/pagerduty/extension.json?raw'
import pdMain from '../../../../extensions/builtin/pagerduty/index.mjs?raw'
import slackManifest from '../../../../extensions/builtin/slack/extension.json?raw'
import slackMain from '../../../../extensions/builtin/slack/index.mjs?raw'
import { parseManifest } from './manifest'
import type { ExtensionsRepo } from './repo'

export const BUILTIN_SOURCE = 'builtin'

/** Each built-in extension's files by name (its folder holds nothing else at run time). */
export const BUILTINS: Record<string, string>[] = [
  { 'extension.json': slackManifest, 'index.mjs': slackMain },
  { 'extension.json': pdManifest, 'index.mjs': pdMain },
  { 'extension.json': ogManifest, 'index.mjs': ogMain },
  { 'extension.json': ghManifest, 'index.mjs': ghMain }
]

export interface BuiltinTarget {
  repo: ExtensionsRepo
  folderOf(id: string): string
  dataFolderOf(id: string): string
  now(): number
  log(id: string, level: 'info' | 'warn' | 'error', message: string): void
}

/** Installs or updates the built-ins in this workspace, keeping whether the user disabled one. */
export function installBuiltins(t: BuiltinTarget): void {
  for (const files of BUILTINS) {
    const manifest = parseManifest(files['extension.json']!)
    const id = manifest.id
    const row = t.repo.get(id)
    if (row && row.source !== BUILTIN_SOURCE) {
      t.log(id, 'warn', `an installed extension has the id of the built-in ${id}; the built-in is not used`)
      continue
    }
    const folder = t.folderOf(id)
    fs.mkdirSync(folder, { recursive: true })
    fs.mkdirSync(t.dataFolderOf(id), { recursive: true })
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(folder, name)
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text)
    }
    const stored = JSON.stringify(manifest)
    if (row?.manifest === stored) continue
    const now = t.now()
    t.repo.upsert({
      id,
      name: manifest.name,
      version: manifest.version,
      publisher: manifest.publisher,
      manifest: stored,
      granted: JSON.stringify(manifest.permissions),
      signed: 1,
      source: BUILTIN_SOURCE,
      enabled: row?.enabled ?? 1,
      installed_at: row?.installed_at ?? now,
      updated_at: now
    })
    const granted = manifest.permissions.join(', ') || 'nothing beyond the destinations you configure'
    t.log(
      id,
      'info',
      `${row ? `updated from ${row.version} to` : 'installed'} ${manifest.version} (built into the console); granted: ${granted}`
    )
  }
}
