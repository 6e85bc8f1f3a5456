import { expect, it } from 'vitest'
import { UnitIndex } from './units'

it('gives each id one dense index through every growth of its tables, and finds them all again', () => {
  const u = new UnitIndex(16)
  const n = 300_000
  for (let i = 0; i < n; i++) expect(u.add(`user-${i}`)).toBe(i)
  let x = 7
  for (let i = 0; i < 50_000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31
    expect(u.add(`user-${x % n}`)).toBe(x % n)
  }
  expect(u.size).toBe(n)
  for (let i = 0; i < n; i += 997) expect(u.get(`user-${i}`)).toBe(i)
  expect(u.get('user-x')).toBe(-1)
  expect(u.id(12345)).toBe('user-12345')
  // ids beyond Latin-1 and the empty-looking ones stay apart
  expect(u.add('ünït-€')).toBe(n)
  expect(u.add('user-1 ')).toBe(n + 1)
  expect(u.get('ünït-€')).toBe(n)
})
