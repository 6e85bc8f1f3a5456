/** What other areas may use of logs: a narrow port (alerts counts a LogQL query over a window). */
export interface LogsReader {
  /** Lines a LogQL log query matches in (from, to] (a metric query: its value at `to`, summed over series). */
  count(query: string, from: number, to: number): Promise<number>
}

declare module '../../core/ports' {
  interface Ports {
    logs: LogsReader
  }
}
