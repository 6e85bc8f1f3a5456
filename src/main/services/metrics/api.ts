/** What other areas may read of metrics: PromQL range queries as `metrics:queryRange` answers them (dashboards). */
import type { QueryOf } from '../../core/ports'

export interface MetricsReader {
  queryRange: QueryOf<'metrics:queryRange'>
}

declare module '../../core/ports' {
  interface Ports {
    metrics: MetricsReader
  }
}
