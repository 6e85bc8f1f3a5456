/** The catalogue index: a JSON file (local path or https URL) listing extensions, their versions, archives and signatures. */
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import { z } from 'zod'
import { invalid } from '../../../shared/errors'
import { fieldIssues } from '../../../shared/issues'
import { MAX_ARCHIVE_BYTES } from './archive'

export const CatalogueIndex = z.object({
  extensions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      publisher: z.string(),
      description: z.string().default(''),
      versions: z
        .array(
          z.object({
            version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semantic version'),
            /** https URL, absolute path, or a path relative to the index file. */
            url: z.string().min(1),
            sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits'),
            signature: z.string().nullable().default(null),
            engines: z.string().nullable().default(null)
          })
        )
        .min(1)
    })
  )
})
export type CatalogueIndex = z.output<typeof CatalogueIndex>

const isUrl = (s: string) => /^https?:\/\//.test(s)

async function readBytes(where: string, limit: number): Promise<Buffer> {
  if (isUrl(where)) {
    if (!where.startsWith('https://')) throw invalid('url', `${where}: only https URLs are fetched`)
    const res = await fetch(where, { signal: AbortSignal.timeout(60_000) })
    if (!res.ok) throw invalid('url', `${where} answered HTTP ${res.status}`)
    const buf = Buffer.from(await res.arrayBuffer())
    if (buf.length > limit) throw invalid('url', `${where} is larger than ${limit} bytes`)
    return buf
  }
  if (!fs.existsSync(where)) throw invalid('url', `no such file: ${where}`)
  if (fs.statSync(where).size > limit) throw invalid('url', `${where} is larger than ${limit} bytes`)
  return fs.readFileSync(where)
}

export async function readCatalogue(location: string): Promise<CatalogueIndex> {
  if (!location) throw invalid('catalogue', 'no catalogue is set: add its location in the extension settings')
  const text = (await readBytes(location, 5_000_000)).toString('utf8')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw invalid('catalogue', `${location} is not valid JSON`)
  }
  const parsed = CatalogueIndex.safeParse(raw)
  if (!parsed.success) {
    const first = fieldIssues(parsed.error)[0]!
    throw invalid('catalogue', `${location}: ${first.field}: ${first.message}`)
  }
  return parsed.data
}

/** Where a version's archive is: URLs as they are, paths relative to the index file resolved. */
export function archiveLocation(catalogue: string, url: string): string {
  if (isUrl(url) || path.isAbsolute(url)) return url
  if (isUrl(catalogue)) return new URL(url, catalogue).href
  return path.resolve(path.dirname(catalogue), url)
}

export const fetchArchive = (where: string): Promise<Buffer> => readBytes(where, MAX_ARCHIVE_BYTES)
