/** Unit prices from the imported bills (billed cost over consumed quantity), for the costs port. */
import type { HealthReader } from '../health/api'
import type { CostsPrices, UnitPrice } from './api'
import type { CostsRepo } from './repo'

const DAY_MS = 86_400_000

export function costsPrices(repo: CostsRepo, health: HealthReader | undefined): CostsPrices {
  return {
    unitPrice(service: string, units: readonly string[], days = 30): UnitPrice | null {
      const last = repo.dataRange().last
      if (!last) return null
      const from = new Date(Date.parse(`${last}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10)
      const names = new Set([service])
      for (const l of repo.links()) if (health?.service(l.serviceId)?.name === service) names.add(l.costService)
      for (const unit of units) {
        const u = repo.usageOf([...names], unit, from)[0]
        if (!u || !(u.quantity > 0) || !(u.cost > 0)) continue
        const price = u.cost / u.quantity
        const costServices = u.services.split(',')
        return {
          price,
          currency: u.currency,
          unit,
          costServices,
          from: u.first,
          to: u.last,
          label: `${Number(price.toPrecision(4))} ${u.currency} per ${unit}, billed, from ${costServices.join(', ')} bills ${u.first} to ${u.last}`
        }
      }
      return null
    }
  }
}
