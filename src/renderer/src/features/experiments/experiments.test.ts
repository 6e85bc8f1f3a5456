import { describe, expect, it } from 'vitest'
import type { Timeseries } from '../../../../shared/contract/experiments'
import { buildCumulativeOption } from './charts'
import { draftOf, emptyDraft, equalWeights, inputOf, localErrors } from './experimentDraft'
import { formatLift, formatMean, formatP } from './format'
import { intervalBar, intervalScale } from './intervals'
import { ExperimentInput } from '../../../../shared/contract/experiments'

describe('experiment draft', () => {
  it('turns percentages and text into the contract input, and back', () => {
    const d = { ...emptyDraft(), name: 'A', dimensions: 'country, device ,', mdePct: '1.5' }
    d.metrics[0] = { ...d.metrics[0]!, key: 'conv', event: 'purchase', windowHours: '72' }
    const input = ExperimentInput.parse(inputOf(d))
    expect(input.variations.map((v) => v.weight)).toEqual([0.5, 0.5])
    expect(input.dimensions).toEqual(['country', 'device'])
    expect(input.mde).toBeCloseTo(0.015, 12)
    expect(input.metrics[0]).toMatchObject({ key: 'conv', event: 'purchase', windowHours: 72, name: 'conv' })
    const back = draftOf({ ...input, id: 1, status: 'draft', variations: input.variations.map((v, i) => ({ ...v, index: i })) } as never)
    expect(back.mdePct).toBe('1.5')
    expect(back.variations[0]!.weightPct).toBe('50')
  })

  it('says when weights do not add up or no metric is primary', () => {
    const d = emptyDraft()
    d.variations[1]!.weightPct = '40'
    d.metrics[0]!.role = 'secondary'
    expect(localErrors(d)).toEqual({
      variations: 'weights must add up to 100 % (they add up to 90 %)',
      metrics: 'mark exactly one metric as primary'
    })
    expect(equalWeights(3)).toEqual(['33.33', '33.33', '33.34'])
  })
})

describe('formatting and interval bars', () => {
  it('formats lifts, means and p-values', () => {
    expect(formatLift(0.0342)).toBe('+3.42 %')
    expect(formatLift(-0.5)).toBe('−50.00 %')
    expect(formatLift(null)).toBe('—')
    expect(formatMean(0.1234, 'proportion')).toBe('12.34 %')
    expect(formatP(0.00001)).toBe('< 0.0001')
  })

  it('puts every row on one scale with 0 inside, and opens one-sided ends', () => {
    const rows = [
      { ci: [-0.1, 0.3] as [number, number], estimate: 0.1 },
      { ci: [0.05, 0.15] as [number, number], estimate: 0.1 }
    ]
    const s = intervalScale(rows)
    expect(s.at(-0.1)).toBeCloseTo((0.02 / 0.44) * 100, 9)
    const b = intervalBar(rows[0]!, s)!
    expect(b.left).toBeCloseTo(s.at(-0.1), 12)
    expect(b.zero).toBeCloseTo(s.at(0), 12)
    expect(b.dot).toBeGreaterThan(b.zero)
    expect(intervalBar({ ci: [0.05, null], estimate: 0.1 }, s)).toMatchObject({ openRight: true })
    expect(intervalBar({ ci: null, estimate: null }, s)).toBeNull()
  })
})

describe('cumulative chart', () => {
  it('draws each variation as a line with an interval band, axes named, tooltip per day', () => {
    const ts: Timeseries = {
      metric: 'conv',
      engine: 'frequentist',
      difference: 'relative',
      days: [0, 86_400_000],
      variations: [
        { variation: 1, key: 't', name: 'Treatment', estimate: [0.1, 0.05], lo: [-0.2, -0.05], hi: [0.4, 0.15], units: [10, 20] }
      ]
    }
    const o = buildCumulativeOption(ts, { animation: false }) as {
      series: { name: string; data: [number, number | null][] }[]
      yAxis: { name: string }
      xAxis: { name: string }
      legend: { data: string[] }
      tooltip: { formatter: (p: unknown) => string }
    }
    expect(o.legend.data).toEqual(['Treatment'])
    expect(o.yAxis.name).toBe('Lift over control')
    expect(o.xAxis.name).toBe('Day (UTC)')
    expect(o.series.map((s) => s.name)).toEqual(['Treatment interval', 'Treatment interval', 'Treatment'])
    expect(o.series[1]!.data[0]![1]).toBeCloseTo(0.6, 12)
    expect(o.tooltip.formatter([{ axisValue: 86_400_000, dataIndex: 1 }])).toBe(
      'Up to the end of 1970-01-02 (UTC)<br/>Treatment: +5.0 % [-5.0 %, +15.0 %] · 20 units'
    )
  })
})
