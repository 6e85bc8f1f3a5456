/** The costs settings (anomaly detection, the workspace currency), kept in the area's settings table. */
import type { CostsRepo } from './repo'

export interface CostsSettings {
  anomalyK: number
  anomalyWindow: number
  currency: string | null
}

export function readSettings(repo: CostsRepo): CostsSettings {
  return {
    anomalyK: repo.getSetting<number>('anomalyK') ?? 3,
    anomalyWindow: repo.getSetting<number>('anomalyWindow') ?? 28,
    currency: repo.getSetting<string>('currency') ?? null
  }
}

export function writeSettings(
  repo: CostsRepo,
  patch: { anomalyK?: number | undefined; anomalyWindow?: number | undefined }
): CostsSettings {
  if (patch.anomalyK !== undefined) repo.setSetting('anomalyK', patch.anomalyK)
  if (patch.anomalyWindow !== undefined) repo.setSetting('anomalyWindow', patch.anomalyWindow)
  return readSettings(repo)
}

/** The currency amounts are shown in: the workspace's (set by the first import or manual entry), else USD. */
export function currencyOf(repo: CostsRepo): string {
  return readSettings(repo).currency ?? 'USD'
}
