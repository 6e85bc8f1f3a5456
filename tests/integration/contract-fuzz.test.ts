import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channels, CHANNEL_NAMES, type ChannelName } from '../../src/shared/contract'
import { silentLogger } from '../../src/main/core/log'
import { dispatch } from '../../src/main/transport/dispatch'
import { servedApp, type ServedApp } from '../helpers/serve'

/** Inputs an attacker or a buggy client might send. */
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '', ' ', '💥', 'a'.repeat(300), '$where', '../../etc')
const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    "'; DROP TABLE workspace_meta; --",
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    'C:\\Windows\\x',
    '\uD800',
    'x'.repeat(10_000)
  )
)
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileKey, fc.string()), tie('value'), { maxKeys: 4 })
  )
})).value
const hostileInput = fc.oneof(hostileValue, fc.anything(), fc.jsonValue())

let s: ServedApp
beforeAll(async () => {
  s = await servedApp()
})
afterAll(async () => {
  await s.cleanup()
})

const checkEnvelope = (
  channel: ChannelName,
  input: unknown,
  envelope: { ok: boolean; error?: { code: string; field?: string; message: string } }
) => {
  const valid = channels[channel].input.safeParse(input).success
  if (!valid) {
    expect(envelope.ok, `${channel} accepted invalid input`).toBe(false)
    expect(envelope.error!.code).toBe('VALIDATION')
    expect(envelope.error!.field, 'a VALIDATION error names its field').toBeTypeOf('string')
    expect(envelope.error!.field!.length).toBeGreaterThan(0)
    expect(envelope.error!.message.startsWith(envelope.error!.field!)).toBe(true)
  } else if (!envelope.ok) {
    expect(envelope.error!.code, `${channel}: ${envelope.error!.message}`).not.toBe('INTERNAL')
  }
  return valid
}

describe('every channel withstands random and hostile input', () => {
  it.each(CHANNEL_NAMES)('%s over the handler binding', async (channel) => {
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        const valid = channels[channel].input.safeParse(input).success
        // valid commands change state on purpose; only queries run with valid random input
        if (valid && channels[channel].kind === 'command') return
        const envelope = await dispatch(
          s.app.handlers,
          channel,
          input,
          { transport: 'direct' },
          { logger: silentLogger, checkOutput: true }
        )
        checkEnvelope(channel, input, envelope)
      }),
      { numRuns: 120 }
    )
  })

  it.each(CHANNEL_NAMES)('%s over HTTP', async (channel) => {
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        const text = JSON.stringify(input)
        const sent = text === undefined ? undefined : JSON.parse(text)
        const valid = channels[channel].input.safeParse(sent).success
        if (valid && channels[channel].kind === 'command') return
        const { json } = await s.rpc(channel, text ?? '')
        checkEnvelope(channel, sent, json)
      }),
      { numRuns: 40 }
    )
  })

  it('raw hostile bodies over HTTP get VALIDATION, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CHANNEL_NAMES), fc.string({ maxLength: 200 }), async (channel, body) => {
        const { json } = await s.rpc(channel, body)
        let parsed: unknown
        try {
          parsed = body.trim() === '' ? undefined : JSON.parse(body)
        } catch {
          expect(json.error).toMatchObject({ code: 'VALIDATION', field: 'input' })
          return
        }
        if (channels[channel].input.safeParse(parsed).success) return
        expect(json.error.code).toBe('VALIDATION')
      }),
      { numRuns: 150 }
    )
  })

  it('leaves main alive and the workspace intact', async () => {
    const health = (await fetch(`${s.server.url}/api/health`).then((r) => r.json())) as any
    expect(health.status).toBe('pass')
    expect(s.app.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(s.app.workspace.info().name).toBe('workspace')
  })
})
