import { describe, expect, it } from 'vitest'
import { buildStorageOption } from './storageChart'

describe('buildStorageOption', () => {
  it('sorts tables by size and labels rows and units', () => {
    const option = buildStorageOption([
      { name: 'big', rows: 1200, bytes: 40960 },
      { name: 'small', rows: 3, bytes: 4096 }
    ]) as { yAxis: { data: string[] }; series: { data: number[] }[]; xAxis: { name: string }; legend: unknown; tooltip: unknown }
    expect(option.yAxis.data).toEqual(['small (3 rows)', `big (${(1200).toLocaleString()} rows)`])
    expect(option.series[0]!.data).toEqual([4, 40])
    expect(option.xAxis.name).toBe('KB')
    expect(option.legend).toBeTruthy()
    expect(option.tooltip).toBeTruthy()
  })
})
