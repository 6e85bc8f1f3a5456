// The part of autocannon's programmatic API the loadtest benchmark uses (autocannon 9 ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    mean: number
    max: number
    min: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    p99_9: number
  }
  export interface Result {
    requests: Histogram & { total: number; sent: number }
    latency: Histogram & { totalCount: number }
    errors: number
    timeouts: number
    non2xx: number
    duration: number
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    overallRate?: number
    workers?: number
  }
  function autocannon(opts: Options): Promise<Result>
  export default autocannon
}
