/** What other areas may use of logs: a narrow port (alerts counts a LogQL query over a window). */
import type { QueryOf } from '../../core/ports'
export interface LogsReader {
  /** Lines a LogQL log query matches in (from, to] (a metric query: its value at `to`, summed over series). */
  count(query: string, from: number, to: number): Promise<number>
}

declare module '../../core/ports' {
  interface Ports {
    logs: LogsReader
  }
}

/** Searches as `logs:search` and `logs:histogram` answer them (dashboards' log panels). */
export interface LogsQueries {
  search: QueryOf<'logs:search'>
  histogram: QueryOf<'logs:histogram'>
}

declare module '../../core/ports' {
  interface Ports {
    logsQueries: LogsQueries
  }
}
