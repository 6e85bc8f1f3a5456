/** The built-in scraper: reads a target's /metrics page and stores its samples with job and instance labels. */
import { parseExposition } from './exposition'
import type { MetricsRepo, TargetRow } from './repo'
import { seriesKey } from './store'

export interface ScrapeReport {
  samples: number
  bytes: number
  durationMs: number
  error: string | null
}

const ACCEPT = 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

export async function fetchPage(url: string, timeoutMs: number): Promise<{ body: string; contentType: string }> {
  const res = await fetch(url, { headers: { accept: ACCEPT }, signal: AbortSignal.timeout(timeoutMs) })
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`)
  return { body: await res.text(), contentType: res.headers.get('content-type') ?? '' }
}

/** Scrape one target at `now` (ms): samples without their own timestamp take the scrape time, as Prometheus does. */
export async function scrapeTarget(
  repo: MetricsRepo,
  target: Pick<TargetRow, 'url' | 'job' | 'interval_s'>,
  now: number
): Promise<ScrapeReport> {
  const started = performance.now()
  const instance = new URL(target.url).host
  let body = ''
  try {
    const page = await fetchPage(target.url, Math.min(10_000, target.interval_s * 1000))
    body = page.body
    const parsed = parseExposition(page.body, page.contentType)
    const rows = parsed.samples.map((s) => {
      const labels: Record<string, string> = { ...s.labels, job: s.labels.job ?? target.job, instance: s.labels.instance ?? instance }
      return { seriesId: repo.seriesId(labels.__name__!, seriesKey(labels)), t: s.t ?? now, v: s.value }
    })
    rows.push({ seriesId: repo.seriesId('up', seriesKey({ __name__: 'up', instance, job: target.job })), t: now, v: 1 })
    repo.insertSamples(rows)
    return { samples: rows.length, bytes: body.length, durationMs: performance.now() - started, error: null }
  } catch (err) {
    repo.insertSamples([{ seriesId: repo.seriesId('up', seriesKey({ __name__: 'up', instance, job: target.job })), t: now, v: 0 }])
    return { samples: 0, bytes: body.length, durationMs: performance.now() - started, error: (err as Error).message }
  }
}
