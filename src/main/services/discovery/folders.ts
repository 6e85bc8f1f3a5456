/**
 * Searches the folders the user named for MLflow stores (`mlruns` folders, `mlflow.db` files) and git repositories
 * holding an `MLproject` file. It lists directories only (no file is opened), skips hidden folders other than
 * noticing `.git`, and stops at a depth and an entry budget so a huge tree cannot hold the scan.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface FolderFindings {
  mlruns: string[]
  mlflowDbs: string[]
  /** MLproject files inside a git repository, with the repository's folder. */
  mlprojects: { file: string; repo: string }[]
  /** Folders that could not be searched, with why. */
  problems: string[]
  truncated: boolean
}

const SKIP = new Set(['node_modules', '__pycache__', 'venv', 'site-packages', 'dist', 'build', 'out'])

export async function searchFolders(
  folders: string[],
  opts: { maxDepth: number; maxEntries: number; signal: AbortSignal }
): Promise<FolderFindings> {
  const out: FolderFindings = { mlruns: [], mlflowDbs: [], mlprojects: [], problems: [], truncated: false }
  let budget = opts.maxEntries
  const walk = async (dir: string, depth: number, repo: string | null): Promise<void> => {
    if (opts.signal.aborted) return
    let entries: fs.Dirent[]
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true })
    } catch (err) {
      if (depth === 0) out.problems.push(`${dir}: ${(err as NodeJS.ErrnoException).code ?? 'cannot be read'}`)
      return
    }
    budget -= entries.length
    if (budget < 0) {
      out.truncated = true
      return
    }
    const here = entries.some((e) => e.name === '.git') ? dir : repo
    for (const e of entries) {
      const full = path.join(dir, e.name)
      if (e.isFile() && e.name === 'MLproject' && here) out.mlprojects.push({ file: full, repo: here })
      else if (e.isFile() && e.name === 'mlflow.db') out.mlflowDbs.push(full)
      else if (e.isDirectory() && e.name === 'mlruns') out.mlruns.push(full)
    }
    if (depth >= opts.maxDepth) return
    for (const e of entries)
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'mlruns' && !SKIP.has(e.name))
        await walk(path.join(dir, e.name), depth + 1, here)
  }
  for (const f of folders) await walk(path.resolve(f), 0, null)
  return out
}
