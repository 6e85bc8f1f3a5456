/**
 * The data-root policy of a served console: with --allow-remote (or any --data-root), every path field of every
 * channel's input (the fields tagged by filePath() in the contract) must resolve, symlinks and `..` followed, to a
 * place inside one of the --data-root folders. Without a policy (the desktop app, loopback serve) paths are free.
 */
import fs from 'node:fs'
import path from 'node:path'
import { channels, pathFieldsOf, valuesAt, type ChannelName, type FieldPath } from '../../shared/contract'
import { AppError } from '../../shared/errors'

export interface DataRootPolicy {
  /** Real paths of the allowed folders; empty: no path is allowed. */
  roots: readonly string[]
}

/** Resolve --data-root folders to their real paths; each must be an existing folder. */
export function dataRootPolicy(folders: readonly string[]): DataRootPolicy {
  const roots = folders.map((f) => {
    let real: string
    try {
      real = fs.realpathSync.native(path.resolve(f))
    } catch {
      throw new Error(`--data-root ${f}: no such folder`)
    }
    if (!fs.statSync(real).isDirectory()) throw new Error(`--data-root ${f}: not a folder`)
    return real
  })
  return { roots: [...new Set(roots)] }
}

const patterns = new Map<ChannelName, FieldPath[]>()
/** The path fields of a channel's input, found once from the contract. */
export function pathPatterns(channel: ChannelName): FieldPath[] {
  let p = patterns.get(channel)
  if (!p) patterns.set(channel, (p = pathFieldsOf(channels[channel].input)))
  return p
}

/**
 * The real path of p: symlinks and `..` resolved. A path that does not exist yet (a file about to be written) is
 * its nearest existing ancestor's real path joined with the rest; a dangling symlink is followed to its target.
 */
export function realPathOf(p: string, depth = 0): string {
  const abs = path.resolve(p)
  try {
    return fs.realpathSync.native(abs)
  } catch {
    const parent = path.dirname(abs)
    if (parent === abs) return abs
    const realParent = realPathOf(parent, depth)
    let link: string | null = null
    try {
      link = fs.lstatSync(abs).isSymbolicLink() ? fs.readlinkSync(abs) : null
    } catch {
      link = null
    }
    if (link !== null && depth < 40) return realPathOf(path.resolve(realParent, link), depth + 1)
    return path.join(realParent, path.basename(abs))
  }
}

export const isInside = (root: string, p: string): boolean => {
  const rel = path.relative(root, p)
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel))
}

const fieldName = (at: FieldPath): string => at.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${k}`)).join('')

/** A path outside the roots (symlinks and `..` resolved), as a VALIDATION error naming the field and the roots. */
export function checkPath(value: string, field: string, policy: DataRootPolicy): AppError | null {
  if (policy.roots.length === 0)
    return new AppError(
      'VALIDATION',
      `${field}: this console serves no files (started with --allow-remote and no --data-root); restart it with --data-root FOLDER to read or write files there`,
      field
    )
  if (policy.roots.some((root) => isInside(root, realPathOf(value)))) return null
  return new AppError(
    'VALIDATION',
    `${field}: ${value} is outside the data roots of this console (${policy.roots.join(', ')}); only files inside --data-root folders can be used`,
    field
  )
}

/** The first path field of a parsed input outside the roots, as a VALIDATION error naming the field and the roots. */
export function checkDataRoots(channel: ChannelName, input: unknown, policy: DataRootPolicy): AppError | null {
  for (const pattern of pathPatterns(channel)) {
    for (const { at, value } of valuesAt(input, pattern)) {
      if (typeof value !== 'string') continue
      const outside = checkPath(value, fieldName(at), policy)
      if (outside) return outside
    }
  }
  return null
}
