import { describe, expect, it } from 'vitest'
import { parseEntities } from './onlineInput'

describe('lookup entities', () => {
  it('reads one entity per line, several keys by commas, or JSON', () => {
    expect(parseEntities('1001\n 1002 \n', ['driver_id'])).toEqual({
      entities: [{ driver_id: '1001' }, { driver_id: '1002' }],
      rows: [['1001'], ['1002']]
    })
    expect(parseEntities('7, DE', ['driver_id', 'country'])).toEqual({ entities: [{ driver_id: '7', country: 'DE' }], rows: [['7', 'DE']] })
    expect(parseEntities('[{"driver_id": 5}]', ['driver_id'])).toEqual({ entities: [{ driver_id: '5' }], rows: [['5']] })
  })

  it('names the line that does not fit', () => {
    expect(parseEntities('1\n2, 3', ['driver_id'])).toEqual({ error: 'line 2: give 1 value (driver_id)' })
    expect(parseEntities('[{', ['k'])).toMatchObject({ error: expect.stringMatching(/^not valid JSON/) })
  })
})
