/**
 * Unpacking an extension archive into a fresh folder with the system's tar (.tgz) or unzip (.zip), started with fixed
 * arguments through execFile (no shell). Links are refused, and the manifest may sit at the top or in one folder.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { invalid } from '../../../shared/errors'

const run = promisify(execFile)
export const MAX_ARCHIVE_BYTES = 50 * 1024 * 1024

export async function unpack(archive: string, dest: string): Promise<string> {
  fs.mkdirSync(dest, { recursive: true })
  try {
    if (/\.zip$/i.test(archive)) await run('unzip', ['-qq', '-o', archive, '-d', dest], { timeout: 60_000 })
    else await run('tar', ['-xzf', archive, '-C', dest, '--no-same-owner', '--no-same-permissions'], { timeout: 60_000 })
  } catch (err) {
    throw invalid(
      'source.path',
      `the archive could not be unpacked (${String((err as { stderr?: string }).stderr || (err as Error).message).trim()})`
    )
  }
  refuseLinks(dest)
  return manifestFolder(dest)
}

export function refuseLinks(dir: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isSymbolicLink()) throw invalid('source.path', `the archive holds a link (${e.name}); extensions may not contain links`)
    if (e.isDirectory()) refuseLinks(p)
  }
}

/** The folder holding extension.json: the top, or its only sub-folder (npm pack's `package/`). */
function manifestFolder(dest: string): string {
  if (fs.existsSync(path.join(dest, 'extension.json'))) return dest
  const subs = fs.readdirSync(dest, { withFileTypes: true }).filter((e) => e.isDirectory())
  if (subs.length === 1 && fs.existsSync(path.join(dest, subs[0]!.name, 'extension.json'))) return path.join(dest, subs[0]!.name)
  throw invalid('source.path', 'the archive has no extension.json at its top or in its only folder')
}
