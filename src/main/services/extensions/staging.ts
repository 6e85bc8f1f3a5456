/**
 * Getting an extension ready to install: copied (folder) or unpacked (archive, catalogue version) into a staging
 * folder, its checksum and signature verified, its manifest read. The user then sees the preview (the permission
 * prompt) and installs it by its token.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import type { z } from 'zod'
import type { ExtensionsSettings, InstallSource } from '../../../shared/contract/extensions'
import type { ExtensionManifest } from '../../../shared/extensions'
import { invalid, notFound } from '../../../shared/errors'
import { APP_VERSION } from '../../core/version'
import { MAX_ARCHIVE_BYTES, refuseLinks, unpack } from './archive'
import { archiveLocation, fetchArchive, readCatalogue } from './catalogue'
import { readManifest } from './manifest'
import { checkSha256, checkSignature, sha256Hex } from './trust'

export interface Staged {
  token: string
  dir: string
  /** The folder holding extension.json inside `dir`. */
  folder: string
  manifest: ExtensionManifest
  signed: boolean
  unsignedReason: string | null
  sha256: string | null
  source: string
  at: number
}

const STAGED_FOR_MS = 30 * 60_000

export class Staging {
  private staged = new Map<string, Staged>()

  constructor(
    private root: string,
    private settings: () => ExtensionsSettings
  ) {}

  async stage(source: z.output<typeof InstallSource>): Promise<Staged> {
    this.expire()
    const token = crypto.randomUUID()
    const dir = path.join(this.root, token)
    fs.mkdirSync(dir, { recursive: true })
    try {
      const s = await this.prepare(source, dir)
      const staged = { token, dir, ...s, at: Date.now() }
      this.staged.set(token, staged)
      return staged
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true })
      throw err
    }
  }

  take(token: string): Staged {
    const s = this.staged.get(token)
    if (!s) throw notFound(`staged extension ${token} (inspect it again)`)
    this.staged.delete(token)
    return s
  }

  discard(s: Staged): void {
    fs.rmSync(s.dir, { recursive: true, force: true })
  }

  private expire(): void {
    for (const s of this.staged.values())
      if (Date.now() - s.at > STAGED_FOR_MS) {
        this.staged.delete(s.token)
        this.discard(s)
      }
  }

  private async prepare(source: z.output<typeof InstallSource>, dir: string): Promise<Omit<Staged, 'token' | 'dir' | 'at'>> {
    if (source.kind === 'folder') {
      if (!fs.existsSync(source.path) || !fs.statSync(source.path).isDirectory()) throw invalid('source.path', 'no such folder')
      readManifest(source.path)
      fs.cpSync(source.path, dir, { recursive: true, verbatimSymlinks: true })
      refuseLinks(dir)
      return {
        folder: dir,
        manifest: readManifest(dir),
        signed: false,
        unsignedReason: 'installed from a folder (not signed)',
        sha256: null,
        source: `folder ${source.path}`
      }
    }
    if (source.kind === 'archive') {
      if (!fs.existsSync(source.path)) throw invalid('source.path', 'no such file')
      if (fs.statSync(source.path).size > MAX_ARCHIVE_BYTES) throw invalid('source.path', `is larger than ${MAX_ARCHIVE_BYTES} bytes`)
      const bytes = fs.readFileSync(source.path)
      const sigFile = `${source.path}.sig`
      const signature = source.signature ?? (fs.existsSync(sigFile) ? fs.readFileSync(sigFile, 'utf8').trim() : null)
      return this.fromArchive(bytes, path.basename(source.path), dir, signature, null, `archive ${source.path}`)
    }
    const location = this.settings().catalogue
    const index = await readCatalogue(location)
    const entry = index.extensions.find((e) => e.id === source.id)
    if (!entry) throw invalid('source.id', `the catalogue has no extension "${source.id}"`)
    const version = source.version
      ? entry.versions.find((v) => v.version === source.version)
      : entry.versions
          .filter((v) => !v.engines || semver.satisfies(APP_VERSION, v.engines))
          .sort((a, b) => semver.rcompare(a.version, b.version))[0]
    if (!version)
      throw invalid(
        'source.version',
        source.version ? `the catalogue has no version ${source.version}` : 'no version is compatible with this console'
      )
    const where = archiveLocation(location, version.url)
    const bytes = await fetchArchive(where)
    const name = /\.zip$/i.test(where) ? 'archive.zip' : 'archive.tgz'
    return this.fromArchive(bytes, name, dir, version.signature, version.sha256, `catalogue ${entry.id}@${version.version}`, entry)
  }

  /**
   * Checksum first; then, when the catalogue names the publisher, the signature before anything is unpacked. A local
   * archive names its publisher only inside: it is unpacked into staging (nothing in it runs) and then checked.
   */
  private async fromArchive(
    bytes: Buffer,
    name: string,
    dir: string,
    signature: string | null,
    sha256: string | null,
    source: string,
    expected?: { id: string; publisher: string }
  ) {
    const digest = sha256 ? checkSha256(bytes, sha256) : sha256Hex(bytes)
    const trusted = this.settings().trustedKeys
    const early = expected ? checkSignature(bytes, signature, expected.publisher, trusted) : null
    const file = path.join(dir, `.archive-${name}`)
    fs.writeFileSync(file, bytes)
    const folder = await unpack(file, path.join(dir, 'files'))
    fs.rmSync(file)
    const manifest = readManifest(folder)
    if (expected && (manifest.id !== expected.id || manifest.publisher !== expected.publisher))
      throw invalid(
        'source.id',
        `the archive holds ${manifest.publisher}/${manifest.id}, not ${expected.publisher}/${expected.id} as the catalogue says`
      )
    const sig = early ?? checkSignature(bytes, signature, manifest.publisher, trusted)
    return { folder, manifest, signed: sig.signed, unsignedReason: sig.signed ? null : sig.reason, sha256: digest, source }
  }
}
