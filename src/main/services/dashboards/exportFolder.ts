/** "Export folder": the console's configuration written as a provisioning folder (see provisioning.ts for the layout). */
import fs from 'node:fs'
import path from 'node:path'
import { invalid } from '../../../shared/errors'
import { fileSafe, type ConfigFiles } from '../../core/configFiles'

export interface ExportSources {
  /** The other areas' files (services, alerts, features), in that order. */
  areas: ConfigFiles[]
  dashboards: () => { uid: string; json: string }[]
}

/** Every file as path → text: `services/`, `alerts/`, `features/` from the areas and `dashboards/<uid>.dashboard.json`. */
export function folderFiles(src: ExportSources): { path: string; text: string }[] {
  return [
    ...src.areas.flatMap((a) => a.exportFiles()),
    ...src.dashboards().map((d) => ({ path: `dashboards/${fileSafe(d.uid)}.dashboard.json`, text: d.json }))
  ]
}

/** Writes the files under `folder` (created if missing); files of the same name are replaced, others are left. */
export function exportFolder(folder: string, src: ExportSources): { folder: string; files: string[] } {
  const files = folderFiles(src)
  try {
    for (const f of files) {
      const abs = path.join(folder, ...f.path.split('/'))
      fs.mkdirSync(path.dirname(abs), { recursive: true })
      fs.writeFileSync(abs, f.text)
    }
  } catch (e) {
    throw invalid('folder', `cannot write into ${folder}: ${(e as Error).message}`)
  }
  return { folder, files: files.map((f) => f.path) }
}
