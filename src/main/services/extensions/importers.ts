/**
 * Extensions' importers (a file format for costs, models or drift): each parse runs in a fresh host process of the
 * extension whose permission model also allows reading the chosen file — that file only, for that call — and ends
 * after it. The area that asked checks the rows it answers.
 */
import fs from 'node:fs'
import path from 'node:path'
import { AppError, invalid } from '../../../shared/errors'
import { parseExtKind, type ExtensionManifest } from '../../../shared/extensions'
import type { ApiGate, Caller } from './gate'
import { HostProcess, type HostLaunch, type WatchdogOptions } from './process'

export type ImportTarget = 'costs' | 'models' | 'drift'

export interface ImporterHost {
  /** Enabled extensions. */
  enabled(): { id: string; name: string; manifest: ExtensionManifest }[]
  /** How to start the extension's host (throws when it is not installed or disabled). */
  launchOf(id: string): { launch: HostLaunch; caller: Caller }
  gate: ApiGate
  log(id: string, level: 'info' | 'warn' | 'error', message: string): void
  watchdog: WatchdogOptions
  /** Longest a parse may take, ms. */
  parseTimeoutMs: number
}

export interface ImportFormat {
  id: string
  title: string
  extensions: string[]
  extension: string
  extensionName: string
}

export class ExtensionImporters {
  constructor(private host: ImporterHost) {}

  formats(target: ImportTarget): ImportFormat[] {
    return this.host
      .enabled()
      .flatMap((e) =>
        e.manifest.contributes.importers
          .filter((i) => i.target === target)
          .map((i) => ({ id: `ext:${e.id}/${i.name}`, title: i.title, extensions: i.extensions, extension: e.id, extensionName: e.name }))
      )
  }

  /** Runs the importer on `file` in its own process; resolves with what it answered (unchecked). */
  async parse(target: ImportTarget, id: string, file: string, signal: AbortSignal): Promise<unknown> {
    const ref = parseExtKind(id)
    const format = this.formats(target).find((f) => f.id === id)
    if (!ref || !format) throw invalid('importer', `no enabled extension adds the ${target} format ${id}`)
    const real = realFile(file)
    if (!format.extensions.some((x) => real.toLowerCase().endsWith(x)))
      throw invalid('path', `${path.basename(file)}: ${format.title} reads ${format.extensions.join(', ')} files`)
    const { launch, caller } = this.host.launchOf(ref.extensionId)
    const grant = `fs:read:${real}`
    const log = (level: 'info' | 'warn' | 'error', message: string) => this.host.log(ref.extensionId, level, message)
    log('info', `importing ${real} with ${ref.name} (this process may read that file only)`)
    let ready!: () => void
    let failed!: (e: Error) => void
    const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)))
    const proc = new HostProcess(
      { ...launch, readFolders: [...launch.readFolders, real] },
      {
        onReady: () => ready(),
        onLog: log,
        onCall: async (method, params) => {
          try {
            return await this.host.gate.call({ id: caller.id, granted: [...caller.granted, grant] }, method, params)
          } catch (err) {
            log('warn', `refused ${method}: ${err instanceof Error ? err.message : String(err)}`)
            throw err
          }
        },
        onExit: (why, expected) => !expected && failed(new Error(`the importer's process ${why}`))
      },
      this.host.watchdog
    )
    const cancelled = new Promise<never>((_, reject) => {
      const onAbort = () => reject(new AppError('CANCELLED', `${path.basename(file)}: import cancelled; nothing was imported`))
      if (signal.aborted) onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
    })
    proc.start()
    try {
      await Promise.race([started, cancelled, timeout(this.host.parseTimeoutMs, 'start')])
      return await Promise.race([
        proc.invoke('importer', ref.name, { path: real, fileName: path.basename(real), target }, this.host.parseTimeoutMs),
        cancelled
      ])
    } catch (err) {
      throw err instanceof AppError
        ? err
        : new AppError('UNAVAILABLE', `${format.title} (extension ${format.extensionName}): ${(err as Error).message}`)
    } finally {
      await proc.stop()
    }
  }
}

/** The file's real path (links resolved), which must be a regular file. */
function realFile(file: string): string {
  let real: string
  try {
    real = fs.realpathSync(file)
  } catch {
    throw invalid('path', `${file} does not exist`)
  }
  if (!fs.statSync(real).isFile()) throw invalid('path', `${file} is not a file`)
  return real
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`the importer did not ${what} within ${ms} ms`)), ms).unref())
}
