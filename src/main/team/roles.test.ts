import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { channels, CHANNEL_NAMES } from '../../shared/contract'
import { sampleInput } from '../../../tests/helpers/sampleInput'
import { teamServer, type TeamServer } from '../../../tests/helpers/team'
import { buildOpenApi } from '../transport/openapi'
import { ADMIN_COMMANDS, requiredRole, VIEWER_COMMANDS } from './roles'

const commands = CHANNEL_NAMES.filter((c) => channels[c].kind === 'command')
const queries = CHANNEL_NAMES.filter((c) => channels[c].kind === 'query')

/** Field names anywhere in a schema (objects, arrays, unions, wrappers). */
function fieldNames(schema: z.ZodType, out = new Set<string>(), depth = 0): Set<string> {
  const def = (schema as any)._zod.def
  if (depth > 10) return out
  if (def.type === 'object')
    for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      out.add(k)
      fieldNames(v, out, depth + 1)
    }
  for (const inner of [def.innerType, def.in, def.element, def.left, def.right, ...(def.options ?? [])])
    if (inner) fieldNames(inner, out, depth + 1)
  return out
}

describe('the role policy', () => {
  it('names only real commands in its lists', () => {
    for (const c of [...VIEWER_COMMANDS, ...ADMIN_COMMANDS]) expect(channels[c]?.kind, c).toBe('command')
  })

  it('keeps every command whose input carries a secret to admins', () => {
    const secretive = commands.filter((c) => [...fieldNames(channels[c].input)].some((k) => /secret|password|token$/i.test(k)))
    expect(secretive.length).toBeGreaterThan(5)
    for (const c of secretive) expect(requiredRole(c), `${c} takes a secret`).toBe('admin')
  })

  it('is published in the OpenAPI document, channel by channel', () => {
    const paths = buildOpenApi().paths as Record<string, { post: Record<string, unknown> }>
    expect(paths['/api/rpc/alerts:acknowledge']!.post['x-required-role']).toBe('viewer')
    expect(paths['/api/rpc/services:create']!.post['x-required-role']).toBe('editor')
    expect(paths['/api/rpc/alerts:createChannel']!.post['x-required-role']).toBe('admin')
  })

  it('lets viewers call every query, editors every command but the admin ones', () => {
    for (const q of queries) expect(requiredRole(q)).toBe('viewer')
    for (const c of commands) expect(requiredRole(c)).toBe(VIEWER_COMMANDS.has(c) ? 'viewer' : ADMIN_COMMANDS.has(c) ? 'admin' : 'editor')
  })
})

describe('roles are enforced on every channel (a viewer over real HTTP on a team server)', () => {
  let t: TeamServer
  let viewer: string
  let editor: string
  beforeAll(async () => {
    t = await teamServer()
    await t.addUser('vera', { a: 'viewer' })
    await t.addUser('ed', { a: 'editor' })
    viewer = await t.login('vera')
    editor = await t.login('ed')
  }, 60_000)
  afterAll(async () => t.cleanup())

  it('refuses every command to a viewer with FORBIDDEN, except the viewer commands', async () => {
    let refused = 0
    for (const c of commands) {
      const res = await t.rpc(viewer, c, {})
      if (VIEWER_COMMANDS.has(c)) expect(res.json.error?.code, `${c} is a viewer command`).not.toBe('FORBIDDEN')
      else {
        expect(res.status, `${c}: ${JSON.stringify(res.json)}`).toBe(403)
        expect(res.json.error.code).toBe('FORBIDDEN')
        refused++
      }
    }
    console.log(`viewer: ${refused} of ${commands.length} commands refused (allowed: ${[...VIEWER_COMMANDS].join(', ')})`)
    expect(refused).toBe(commands.length - VIEWER_COMMANDS.size)
  }, 120_000)

  it('refuses the admin commands to an editor', async () => {
    for (const c of ADMIN_COMMANDS) expect((await t.rpc(editor, c, {})).json.error.code, c).toBe('FORBIDDEN')
    // and lets an editor through the gate for the others (the answer is then about the input, not the role)
    const editorial = commands.filter((c) => !ADMIN_COMMANDS.has(c))
    for (const c of editorial) expect((await t.rpc(editor, c, {})).json.error?.code, c).not.toBe('FORBIDDEN')
  }, 120_000)

  it('answers every query to a viewer: ok, or about the input (an id that does not exist), never refused', async () => {
    const outcome: Record<string, string[]> = {}
    for (const q of queries) {
      const input = sampleInput(channels[q].input)
      const res = await t.rpc(viewer, q, input ?? {})
      const code: string = res.json.ok ? 'ok' : res.json.error.code
      expect(
        ['ok', 'NOT_FOUND', 'VALIDATION', 'CONFLICT', 'UNAVAILABLE'],
        `${q} (${JSON.stringify(input)}): ${JSON.stringify(res.json.error)}`
      ).toContain(code)
      ;(outcome[code] ??= []).push(q)
    }
    const counts = Object.fromEntries(Object.entries(outcome).map(([k, v]) => [k, v.length]))
    console.log(
      `viewer: ${queries.length} queries answered`,
      counts,
      'not ok:',
      Object.entries(outcome)
        .filter(([k]) => k !== 'ok')
        .flatMap(([k, v]) => v.map((q) => `${q} ${k}`))
        .join(', ')
    )
    expect(outcome.ok!.length).toBeGreaterThan(queries.length / 2)
  }, 300_000)
})
