import { describe, expect, it } from 'vitest'
import {
  bucketIndexOf,
  clusterMarkers,
  groupedMarkLines,
  MARKER_COLORS,
  markerColor,
  markerTitle,
  withDeployMarkers,
  type MarkerInput
} from './deployMarkers'

const m = (at: number, version: string, verdict: 'pass' | 'fail' | null = null): MarkerInput => ({
  at,
  version,
  serviceName: 'checkout',
  verification: verdict ? { runId: 1, state: 'done', verdict } : null
})

describe('deploy markers', () => {
  it('draws a failed deployment red and says so', () => {
    const failed = { ...m(1000, 'release-2@c0ffee5bd8fc'), failed: true }
    expect(markerColor(failed)).toBe(MARKER_COLORS.fail)
    expect(markerTitle(failed)).toBe('Deploy checkout release-2@c0ffee5bd8fc · deploy failed')
    expect(markerColor(m(1000, 'v1'))).toBe(MARKER_COLORS.none)
  })

  it('adds one dashed line per deploy on a time axis, coloured by its verification, with a legend entry', () => {
    const option = withDeployMarkers(
      { legend: { data: ['p50'] }, series: [{ name: 'p50' }] },
      [m(1000, 'v1', 'pass'), m(2000, 'v2', 'fail'), m(3000, 'v3')],
      {
        kind: 'time',
        span: 0
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
    const option = withDeployMarkers({ series: [] }, [m(70_000, 'v1'), m(500_000, 'v2')], { kind: 'index', indexOf, count: 3 }) as any
    expect(option.series[0].markLine.data.map((l: any) => l.xAxis)).toEqual([1])
  })

  it('stretches a time axis to the newest marker, which may come after the last data point', () => {
    const option = withDeployMarkers({ xAxis: { type: 'time' }, series: [] }, [m(5000, 'v1'), m(9000, 'v2')], {
      kind: 'time',
      span: 8000
    }) as any
    expect(option.xAxis.type).toBe('time')
    expect(option.xAxis.max({ min: 0, max: 8000 })).toBe(9000)
    expect(option.xAxis.max({ min: 0, max: 12_000 })).toBe(12_000)
  })

  it('leaves an option untouched when no marker falls on it', () => {
    const option = { series: [{ name: 'x' }] }
    expect(withDeployMarkers(option, [], { kind: 'time', span: 3_600_000 })).toBe(option)
  })

  it('lays out labels: markers closer than the gap to the first of a group share its label, the next group starts a gap later', () => {
    const groups = clusterMarkers([0, 5, 3, 10, 12, 30, 30, 100], (x) => x, 10)
    expect(groups).toEqual([[0, 3, 5], [10, 12], [30, 30], [100]])
    expect(clusterMarkers([], (x: number) => x, 10)).toEqual([])
  })

  it('merges deploys seconds apart on an hour-long chart into one "3 deploys" label whose tooltip lists them', () => {
    const hour = 3_600_000
    const t0 = 1_000_000
    const option = withDeployMarkers(
      { series: [] },
      [m(t0 + 4000, 'v3', 'fail'), m(t0, 'v1', 'pass'), m(t0 + 2000, 'v2', 'pass'), m(t0 + hour / 2, 'v4')],
      { kind: 'time', span: hour }
    ) as any
    const lines = option.series[0].markLine.data
    expect(lines.map((l: any) => [l.xAxis, l.label.show === false ? null : l.label.formatter])).toEqual([
      [t0, '3 deploys'],
      [t0 + 2000, null],
      [t0 + 4000, null],
      [t0 + hour / 2, 'v4']
    ])
    expect(lines[0].label.color).toBe(MARKER_COLORS.fail)
    expect(lines.slice(0, 3).map((l: any) => l.lineStyle.color)).toEqual([MARKER_COLORS.pass, MARKER_COLORS.pass, MARKER_COLORS.fail])
    const tip = option.series[0].markLine.tooltip.formatter({ name: lines[1].name })
    expect(tip).toBe(
      'Deploy checkout v1 · verification passed<br/>Deploy checkout v2 · verification passed<br/>Deploy checkout v3 · verification failed'
    )
    expect(option.series[0].markLine.tooltip.formatter({ name: '<img src=x>' })).toBe('&lt;img src=x&gt;')
  })

  it('merges deploys in the same bucket of a category axis', () => {
    const indexOf = bucketIndexOf([0, 60_000, 120_000], 60_000)
    const option = withDeployMarkers({ series: [] }, [m(61_000, 'v1'), m(62_000, 'v2'), m(130_000, 'v3')], {
      kind: 'index',
      indexOf,
      count: 3
    }) as any
    expect(option.series[0].markLine.data.map((l: any) => l.label.formatter ?? null)).toEqual(['2 deploys', null, 'v3'])
  })

  it('groups plain labelled markers the same way (metrics charts)', () => {
    expect(groupedMarkLines([{ x: 1, label: 'deploy v1' }], 10)).toEqual([{ name: 'deploy v1', xAxis: 1 }])
    const lines = groupedMarkLines(
      [
        { x: 1, label: 'deploy v1' },
        { x: 4, label: 'deploy v2' }
      ],
      10
    ) as any[]
    expect(lines.map((l) => [l.name, l.label])).toEqual([
      ['deploy v1\ndeploy v2', { formatter: '2 deploys' }],
      ['deploy v1\ndeploy v2', { show: false }]
    ])
  })
})
