import { describe, expect, it } from 'vitest'
import { bucketIndexOf, MARKER_COLORS, withDeployMarkers, type MarkerInput } from './deployMarkers'

const m = (at: number, version: string, verdict: 'pass' | 'fail' | null = null): MarkerInput => ({
  at,
  version,
  serviceName: 'checkout',
  verification: verdict ? { runId: 1, state: 'done', verdict } : null
})

describe('deploy markers', () => {
  it('adds one dashed line per deploy on a time axis, coloured by its verification, with a legend entry', () => {
    const option = withDeployMarkers(
      { legend: { data: ['p50'] }, series: [{ name: 'p50' }] },
      [m(1000, 'v1', 'pass'), m(2000, 'v2', 'fail'), m(3000, 'v3')],
      {
        kind: 'time'
      }
    ) as any
    expect(option.legend.data).toEqual(['p50', 'Deploys'])
    const lines = option.series[1].markLine.data
    expect(lines.map((l: any) => [l.xAxis, l.label.formatter, l.lineStyle.color])).toEqual([
      [1000, 'v1', MARKER_COLORS.pass],
      [2000, 'v2', MARKER_COLORS.fail],
      [3000, 'v3', MARKER_COLORS.none]
    ])
    expect(lines[1].name).toBe('Deploy checkout v2 · verification failed')
    expect(option.series[1].markLine.tooltip.formatter({ name: lines[0].name })).toBe('Deploy checkout v1 · verification passed')
  })

  it('puts markers in the bucket that holds them on a category axis and leaves out those off the chart', () => {
    const indexOf = bucketIndexOf([0, 60_000, 120_000], 60_000)
    expect([-1, 0, 59_999, 60_000, 179_999, 180_000].map(indexOf)).toEqual([-1, 0, 0, 1, 2, -1])
    const option = withDeployMarkers({ series: [] }, [m(70_000, 'v1'), m(500_000, 'v2')], { kind: 'index', indexOf }) as any
    expect(option.series[0].markLine.data.map((l: any) => l.xAxis)).toEqual([1])
  })

  it('stretches a time axis to the newest marker, which may come after the last data point', () => {
    const option = withDeployMarkers({ xAxis: { type: 'time' }, series: [] }, [m(5000, 'v1'), m(9000, 'v2')], { kind: 'time' }) as any
    expect(option.xAxis.type).toBe('time')
    expect(option.xAxis.max({ min: 0, max: 8000 })).toBe(9000)
    expect(option.xAxis.max({ min: 0, max: 12_000 })).toBe(12_000)
  })

  it('leaves an option untouched when no marker falls on it', () => {
    const option = { series: [{ name: 'x' }] }
    expect(withDeployMarkers(option, [], { kind: 'time' })).toBe(option)
  })
})
