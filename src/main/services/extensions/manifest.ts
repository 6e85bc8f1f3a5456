/** Reads and checks `extension.json`: the zod schema field by field, then the engine range against this console. */
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { ExtensionManifest } from '../../../shared/extensions'
import { invalid } from '../../../shared/errors'
import { fieldIssues } from '../../../shared/issues'
import { APP_VERSION } from '../../core/version'
import { checkSettingsSchema } from './extensionValues'
import { checkSchedules } from './schedule'

/** A manifest from its JSON text; a wrong field throws VALIDATION naming it ("manifest.permissions[1]: ..."). */
export function parseManifest(text: string, consoleVersion = APP_VERSION): ExtensionManifest {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw invalid('manifest', `extension.json is not valid JSON (${(err as Error).message})`)
  }
  const parsed = ExtensionManifest.safeParse(raw)
  if (!parsed.success) {
    const first = fieldIssues(parsed.error)[0]!
    throw invalid(first.field === 'input' ? 'manifest' : `manifest.${first.field}`, first.message)
  }
  checkEngine(parsed.data.engines['control-console'], consoleVersion)
  checkSchedules(parsed.data)
  checkSettingsSchema(parsed.data)
  return parsed.data
}

/** The extension's engine range must be valid and include this console's version. */
export function checkEngine(range: string, consoleVersion = APP_VERSION): void {
  if (!semver.validRange(range)) throw invalid('manifest.engines.control-console', `"${range}" is not a version range (e.g. ^1.0)`)
  if (!semver.satisfies(consoleVersion, range))
    throw invalid('manifest.engines.control-console', `needs Control Console ${range}; this is ${consoleVersion}`)
}

/** The manifest of an extension folder, with its entry file checked to exist inside it. */
export function readManifest(dir: string, consoleVersion = APP_VERSION): ExtensionManifest {
  const file = path.join(dir, 'extension.json')
  if (!fs.existsSync(file)) throw invalid('path', `no extension.json in ${dir}`)
  const m = parseManifest(fs.readFileSync(file, 'utf8'), consoleVersion)
  const entry = path.resolve(dir, m.main)
  if (!entry.startsWith(path.resolve(dir) + path.sep) || !fs.existsSync(entry))
    throw invalid('manifest.main', `${m.main} is not in the extension folder`)
  return m
}
