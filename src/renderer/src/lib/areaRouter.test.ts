import { describe, expect, it } from 'vitest'
import { isId, matchPattern } from './areaRouter'

describe('area router', () => {
  it('accepts only positive integer ids', () => {
    for (const ok of ['1', '42', '9007199254740991']) expect(isId(ok)).toBe(true)
    for (const bad of ['0', '1.5', '01', '1e3', '-3', '', ' 1', '0x10', 'NaN', undefined]) expect(isId(bad)).toBe(false)
  })

  it('matches literals, ids, single segments and the rest of the path', () => {
    expect(matchPattern('', [])).toEqual({ ids: {}, text: {} })
    expect(matchPattern('', ['x'])).toBeNull()
    expect(matchPattern('version/:id/edit', ['version', '7', 'edit'])).toEqual({ ids: { id: 7 }, text: {} })
    expect(matchPattern('version/:id', ['version', '1.5'])).toBeNull()
    expect(matchPattern(':id', ['1.5'])).toBeNull()
    expect(matchPattern('column/:run/~name', ['column', '3', 'age'])).toEqual({ ids: { run: 3 }, text: { name: 'age' } })
    expect(matchPattern('compare/*items', ['compare', 'v1,v2', 'x'])).toEqual({ ids: {}, text: { items: 'v1,v2/x' } })
    expect(matchPattern('compare/*items', ['compare'])).toEqual({ ids: {}, text: { items: undefined } })
    expect(matchPattern('import', ['import', 'extra'])).toBeNull()
  })
})
