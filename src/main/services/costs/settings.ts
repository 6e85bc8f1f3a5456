/** The costs settings (anomaly detection, the workspace currency), kept in the area's settings table. */
import { DEFAULT_MAX_MAPE } from './forecast'
import type { CostsRepo } from './repo'

export interface CostsSettings {
  anomalyK: number
  anomalyWindow: number
  /** Backtest MAPE (0.5 = 50 %) above which forecasts are shown as unreliable. */
  forecastMaxMape: number
  currency: string | null
}

export function readSettings(repo: CostsRepo): CostsSettings {
  return {
    anomalyK: repo.getSetting<number>('anomalyK') ?? 3,
    anomalyWindow: repo.getSetting<number>('anomalyWindow') ?? 28,
    forecastMaxMape: repo.getSetting<number>('forecastMaxMape') ?? DEFAULT_MAX_MAPE,
    currency: repo.getSetting<string>('currency') ?? null
  }
}

export function writeSettings(
  repo: CostsRepo,
  patch: { anomalyK?: number | undefined; anomalyWindow?: number | undefined; forecastMaxMape?: number | undefined }
): CostsSettings {
  if (patch.forecastMaxMape !== undefined) repo.setSetting('forecastMaxMape', patch.forecastMaxMape)
  if (patch.anomalyK !== undefined) repo.setSetting('anomalyK', patch.anomalyK)
  if (patch.anomalyWindow !== undefined) repo.setSetting('anomalyWindow', patch.anomalyWindow)
  return readSettings(repo)
}

/** The currency amounts are shown in: the workspace's (set by the first import or manual entry), else USD. */
export function currencyOf(repo: CostsRepo): string {
  return readSettings(repo).currency ?? 'USD'
}
