import { describe, expect, it } from 'vitest'
import { parseDateTime } from './dates'
import { convertNano, formatNano, fromNano, MoneySum, moneyProblem, moneyToNano, nanoToLimbs, parseMoney, parseNano } from './money'

describe('money', () => {
  it('parses decimals into nano-units exactly, rounding the 10th decimal', () => {
    expect(parseNano('0.00001605990')).toBe(16060n)
    expect(parseNano('12')).toBe(12_000_000_000n)
    expect(parseNano('-0.5')).toBe(-500_000_000n)
    expect(parseNano('0.0000000004')).toBe(0n)
    expect(parseNano('0.0000000005')).toBe(1n)
    expect(parseNano('-0.0000000005')).toBe(-1n)
    expect(parseNano('1.5E-7')).toBe(150n)
    expect(parseNano(0.25)).toBe(250_000_000n)
    for (const bad of ['', 'abc', '1,5', '1.2.3', '--1', 'NaN', '.', '1e', '999,999,999,999,999.99']) expect(parseNano(bad)).toBeNull()
    expect(formatNano(20_520_226_729, 2)).toBe('20.52')
    expect(formatNano(-5_000_000, 2)).toBe('-0.01')
    expect(formatNano(123, 9)).toBe('0.000000123')
  })

  it('holds amounts far beyond 9 million units: rows up to ±10^18, exactly (IDR, KRW, VND, JPY bills)', () => {
    // the old single 64-bit nano column refused anything above ~9.2 million units
    expect(parseMoney('999999999999999.99')).toEqual([999_999, 999_999_999, 990_000_000])
    expect(parseNano('999999999999999.99')).toBe(999_999_999_999_999_990_000_000n)
    expect(parseNano('-999999999999999.99')).toBe(-999_999_999_999_999_990_000_000n)
    expect(parseMoney('-1234567890.000000001')).toEqual([-1, -234_567_890, -1])
    expect(parseNano('999999999999999999.999999999')).toBe(10n ** 27n - 1n)
    expect(parseNano('12345678901234567.89')).toBe(12_345_678_901_234_567_890_000_000n)
    expect(parseNano('00000000000000000000000012.5')).toBe(12_500_000_000n)
    // rounding carries through every limb
    expect(parseMoney('999999999.9999999996')).toEqual([1, 0, 0])
    expect(parseMoney('-999999999999999999.9999999996')).toBeNull()
    // exponents are shifted as text, not through a double
    expect(parseNano('1.23456789012345678E+17')).toBe(123_456_789_012_345_678_000_000_000n)
    expect(parseNano('9.99999999999999999E17')).toBe(999_999_999_999_999_999_000_000_000n)
    expect(parseNano('5e-10')).toBe(1n)
    expect(parseNano('5e-11')).toBe(0n)
    expect(parseNano('0e999')).toBe(0n)
    // totals have no such limit
    expect(parseNano('10857999999999999891.420003428')).toBe(10_857_999_999_999_999_891_420_003_428n)
    expect(parseNano(1e21)).toBe(10n ** 30n)
    // beyond a row's limit: refused, and told apart from text that is no number
    for (const big of ['1000000000000000000', '1e18', '-1E+19', '1e999']) expect(parseMoney(big)).toBeNull()
    expect(moneyProblem('1000000000000000000')).toBe('is beyond ±10^18, the largest amount one row can hold')
    expect(moneyProblem('12 USD')).toBe('is not a decimal number')
    expect(parseMoney(1e21)).toBeNull()
    expect(parseMoney(Number.NaN)).toBeNull()
  })

  it('sums many huge rows and credits exactly, past 2^63 nano-units and past 2^63 units', () => {
    const row = parseMoney('999999999999999.99')!
    const credit = parseMoney('-999999999999999.99')!
    const tiny = parseMoney('0.000000001')!
    const sum = new MoneySum()
    let exact = 0n
    for (let i = 0; i < 20_000; i++) {
      const m = i % 7 === 3 ? credit : i % 5 === 0 ? tiny : row
      sum.add(m)
      exact += moneyToNano(m)
    }
    expect(moneyToNano(sum.limbs)).toBe(exact)
    expect(exact > 2n ** 63n * 10n ** 9n).toBe(true) // more than 9.2 × 10^18 units
    expect(Math.abs(sum.limbs[1])).toBeLessThan(1e9)
    expect(Math.abs(sum.limbs[2])).toBeLessThan(1e9)
    // 13,715 rows of 999,999,999,999,999.99, 2,857 credits of the same and 3,428 rows of 0.000000001 (python's Decimal)
    expect(exact).toBe(10_857_999_999_999_999_891_420_003_428n)
    expect(formatNano(exact, 9)).toBe('10857999999999999891.420003428')
    expect(nanoToLimbs(exact)).toEqual([10_857_999_999, 999_999_891, 420_003_428])
    expect(nanoToLimbs(-(10n ** 40n))[0]).toBe(-(10n ** 22n)) // giga past 2^53 stays a BigInt
    expect(fromNano(exact) / 1.0858e19).toBeCloseTo(1, 12)
  })

  it('converts currencies on the exact amount', () => {
    expect(convertNano(2_000_000_000n, 1.1)).toBe(2_200_000_000n)
    expect(convertNano(parseNano('999999999999999.99')!, 0.000061)).toBe(60_999_999_999_999_999_390n)
    expect(convertNano(-5n, 0.5)).toBe(-3n)
  })

  it('reads the date formats found in bills', () => {
    expect(parseDateTime('2024-09-18 22:00:00')).toBe(Date.UTC(2024, 8, 18, 22))
    expect(parseDateTime('2023-01-01T00:00:00Z')).toBe(Date.UTC(2023, 0, 1))
    expect(parseDateTime('2023-01-01T02:00:00+02:00')).toBe(Date.UTC(2023, 0, 1))
    expect(parseDateTime('5/1/25')).toBe(Date.UTC(2025, 4, 1))
    expect(parseDateTime('2024-13-01')).toBeNull()
    expect(parseDateTime('yesterday')).toBeNull()
  })
})
