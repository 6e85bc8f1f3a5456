/** What other areas may know of costs: unit prices read from the imported bills (the metrics area's savings use it). */
import type { QueryOf } from '../../core/ports'

export interface UnitPrice {
  /** Billed cost per consumed unit, in `currency`. */
  price: number
  currency: string
  /** The bills' consumed unit, e.g. "vCPU-Hours". */
  unit: string
  /** The cost services (bill ServiceName) the price comes from. */
  costServices: string[]
  /** The usage days it covers (YYYY-MM-DD). */
  from: string
  to: string
  /** "0.1 USD per vCPU-Hours, billed, Amazon RDS, 2024-09-02 to 2024-09-21": what a recommendation shows beside its saving. */
  label: string
}

export interface CostsPrices {
  /**
   * The price of one unit of the first of `units` the bills have, over the last `days` days of bills, for the cost
   * services named `service` or linked to the monitored service of that name (Costs › Unit costs); null when none.
   */
  unitPrice(service: string, units: readonly string[], days?: number): UnitPrice | null
}

/** Cost series as `costs:series` answers them (dashboards chart them). */

export interface CostsReader {
  series: QueryOf<'costs:series'>
}

/** A bill format from outside the area (an extension's importer with target "costs"). */
export interface ExternalCostFormat {
  /** ext:<extension id>/<importer> */
  id: string
  title: string
  /** File name endings it reads, e.g. [".json"]. */
  extensions: string[]
  extension: string
  extensionName: string
}

/** Parses a bill in the importer's own process; the answer (FOCUS rows) is checked by costs (externalRows.ts). */
export interface ExternalCostImporters {
  formats(): ExternalCostFormat[]
  parse(id: string, file: string, signal: AbortSignal): Promise<unknown>
}

/** Where the extensions area hands costs its importers. */
export interface CostImporterSlot {
  setExternalImporters(importers: ExternalCostImporters | null): void
}

declare module '../../core/ports' {
  interface Ports {
    costsPrices: CostsPrices
    costs: CostsReader
    costImporters: CostImporterSlot
  }
}
