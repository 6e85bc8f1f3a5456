/** The price behind a resizing saving: the costs area's bills when they know the service, else the typed price, said so. */
import type { CostsPrices } from '../costs/api'

/** Bill units read as one core for one hour, in order of preference (instance hours only when no vCPU hours are billed). */
export const CORE_HOUR_UNITS = ['vCPU-Hours', 'vCPU-Hour', 'Hours'] as const

export function coreHourPrice(
  costs: CostsPrices | null,
  typed: number | null
): (service: string) => { price: number; currency: string; basis: string } | null {
  return (service) => {
    const billed = costs?.unitPrice(service, CORE_HOUR_UNITS) ?? null
    if (billed) {
      const perInstance = billed.unit === 'Hours' ? ' (instance hours taken as core hours)' : ''
      return { price: billed.price, currency: billed.currency, basis: `Costs: ${billed.label}${perInstance}` }
    }
    if (typed === null) return null
    return {
      price: typed,
      currency: 'USD',
      basis: `typed price ${typed} USD per core-hour: the imported bills have no vCPU or instance hours for ${service}`
    }
  }
}
