/**
 * Saved queries over the RPC transport: saved under a name (the same name replaces the query), listed by name,
 * deleted; bad input and unknown ids are refused with the field or the id named.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { servedApp, type ServedApp } from '../../../../tests/helpers/serve'

let s: ServedApp
afterEach(async () => s && (await s.cleanup()))

describe('saved queries', () => {
  it('saves, replaces by name, lists and deletes', async () => {
    s = await servedApp()
    const a = await s.rpc('logs:saveQuery', { name: 'timeouts', query: '{service="api"} |= "timeout"', rangeS: 3600 })
    expect(a.status).toBe(200)
    await s.rpc('logs:saveQuery', { name: 'errors by level', query: 'sum by (level) (count_over_time({env="prod"}[5m]))', rangeS: 86_400 })
    const again = await s.rpc('logs:saveQuery', { name: 'timeouts', query: 'timeout -retry', rangeS: 900 })
    expect(again.json.data.id).toBe(a.json.data.id)
    const list = (await s.rpc('logs:saved', {})).json.data as { id: number; name: string; query: string; rangeS: number }[]
    expect(list.map((q) => [q.name, q.query, q.rangeS])).toEqual([
      ['errors by level', 'sum by (level) (count_over_time({env="prod"}[5m]))', 86_400],
      ['timeouts', 'timeout -retry', 900]
    ])
    expect((await s.rpc('logs:deleteQuery', { id: a.json.data.id })).status).toBe(200)
    expect(((await s.rpc('logs:saved', {})).json.data as unknown[]).length).toBe(1)
    const gone = await s.rpc('logs:deleteQuery', { id: a.json.data.id })
    expect(gone.status).toBe(404)
    expect(JSON.stringify(gone.json)).toContain(`saved query ${a.json.data.id}`)
    const empty = await s.rpc('logs:saveQuery', { name: 'blank', query: '  ', rangeS: 900 })
    expect(empty.status).toBe(400)
    expect(JSON.stringify(empty.json)).toContain('query')
  })
})
