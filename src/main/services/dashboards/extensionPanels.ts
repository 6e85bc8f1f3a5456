/**
 * Panels whose data an extension answers: the call is bounded in time, and the answer must be one of the panel data
 * shapes (series, categories, table, status; within size limits) — anything else is an error the panel shows.
 */
import { z } from 'zod'
import type { PanelData, PanelQuery, PanelType } from '../../../shared/contract/dashboards'
import { AppError, invalid } from '../../../shared/errors'
import type { ExtensionPanelProvider } from './api'

const MAX_SERIES = 50
const MAX_POINTS = 10_000
const MAX_ROWS = 1000
const text = (max: number) => z.string().max(max)
const finite = z.number().finite()

/** What an extension may answer (strict: unknown keys are refused so a typo is seen). */
const Answer = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('series'),
    unit: text(20).default(''),
    series: z
      .array(z.strictObject({ name: text(200), points: z.array(z.tuple([finite, finite.nullable()])).max(MAX_POINTS) }))
      .max(MAX_SERIES)
  }),
  z.strictObject({
    kind: z.literal('categories'),
    unit: text(20).default(''),
    categories: z.array(text(200)).max(500),
    values: z.array(finite).max(500)
  }),
  z.strictObject({
    kind: z.literal('table'),
    columns: z.array(text(200)).min(1).max(50),
    rows: z.array(z.array(z.union([text(2000), finite, z.null()]))).max(MAX_ROWS)
  }),
  z.strictObject({
    kind: z.literal('status'),
    items: z
      .array(z.strictObject({ name: text(200), status: z.enum(['up', 'degraded', 'down', 'unknown']), detail: text(500).default('') }))
      .max(500)
  }),
  z.strictObject({ kind: z.literal('empty'), note: text(500) })
])

type ExtQuery = Extract<PanelQuery, { source: 'extension' }>

/** Asks the extension for one panel's data and checks the answer; errors name the panel source and what is wrong. */
export async function extensionPanelData(
  provider: ExtensionPanelProvider | null,
  q: ExtQuery,
  panelType: PanelType,
  range: { from: number; to: number },
  timeoutMs = 10_000
): Promise<PanelData> {
  if (!q.panel) return { kind: 'empty', note: 'Choose an extension panel source.' }
  if (!provider) throw invalid('query.panel', 'extensions are not running in this console')
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${q.panel} did not answer within ${timeoutMs / 1000} s`)), timeoutMs)
  })
  let raw: unknown
  try {
    raw = await Promise.race([provider.data(q.panel, { params: q.params, from: range.from, to: range.to, panelType }), late])
  } catch (err) {
    // the extension failed or did not answer: the panel shows it as the source being unavailable
    throw err instanceof AppError ? err : new AppError('UNAVAILABLE', `${q.panel}: ${(err as Error).message}`)
  } finally {
    clearTimeout(timer)
  }
  const parsed = Answer.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const at = issue.path.length ? issue.path.join('.') : 'the answer'
    throw new AppError('UNAVAILABLE', `${q.panel} answered data the panel cannot show: ${at}: ${issue.message}`)
  }
  const a = parsed.data
  if (a.kind === 'categories' && a.categories.length !== a.values.length)
    throw new AppError('UNAVAILABLE', `${q.panel} answered ${a.categories.length} categories but ${a.values.length} values`)
  if (a.kind === 'table') {
    const bad = a.rows.findIndex((r) => r.length !== a.columns.length)
    if (bad >= 0)
      throw new AppError('UNAVAILABLE', `${q.panel} answered row ${bad} with ${a.rows[bad]!.length} cells for ${a.columns.length} columns`)
  }
  if (a.kind === 'series') return { ...a, series: a.series.map((s) => ({ ...s, points: [...s.points].sort((x, y) => x[0] - y[0]) })) }
  return a
}
