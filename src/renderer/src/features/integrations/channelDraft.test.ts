import { describe, expect, it } from 'vitest'
import { NotifyChannelInput as ChannelInput } from '../../../../shared/contract'
import { channelInputOf, draftOfChannel, emptyChannel, secretOf } from './channelDraft'

describe('channel drafts', () => {
  it('an OpsGenie draft saves the built-in extension’s channel kind with the key as secret, and reads back', () => {
    const d = {
      ...emptyChannel('opsgenie'),
      name: 'on-call',
      opsgenieKey: ' k-123 ',
      opsgenieRegion: 'eu' as const,
      opsgenieTags: 'team:core, shop'
    }
    const input = channelInputOf(d)
    expect(input).toEqual({
      name: 'on-call',
      enabled: true,
      secret: 'k-123',
      config: { kind: 'ext:opsgenie/opsgenie', settings: { region: 'eu', tags: ['team:core', 'shop'] } }
    })
    expect(ChannelInput.safeParse(input).success).toBe(true)
    const back = draftOfChannel({
      id: 3,
      name: 'on-call',
      kind: 'ext:opsgenie/opsgenie',
      config: input.config as Record<string, unknown>,
      hasSecret: true,
      secretHint: 'k-…',
      enabled: true,
      builtin: false,
      lastDelivery: null
    })
    expect(back).toMatchObject({ kind: 'opsgenie', opsgenieRegion: 'eu', opsgenieTags: 'team:core, shop', opsgenieKey: '' })
  })

  it('puts the webhook URL and HMAC key into the secret, headers into the config', () => {
    const d = {
      ...emptyChannel('webhook'),
      name: 'ops hook',
      webhookUrl: ' http://127.0.0.1:9000/hook ',
      hmacKey: 'k3y',
      headers: [
        { key: 'X-Team', value: 'ops' },
        { key: '', value: 'ignored' }
      ]
    }
    const input = channelInputOf(d)
    expect(input).toEqual({
      name: 'ops hook',
      enabled: true,
      secret: 'http://127.0.0.1:9000/hook\nk3y',
      config: { kind: 'webhook', headers: { 'X-Team': 'ops' }, retries: 3, timeoutMs: 10_000 }
    })
    expect(ChannelInput.safeParse(input).success).toBe(true)
  })

  it('splits e-mail recipients and keeps an empty password out (kept on edit)', () => {
    const d = {
      ...emptyChannel('email'),
      name: 'mail',
      host: 'smtp.example.com',
      from: 'cc@example.com',
      to: 'a@example.com, b@example.com\nc@example.com'
    }
    const input = channelInputOf(d)
    expect(input.config).toMatchObject({
      kind: 'email',
      port: 587,
      security: 'starttls',
      to: ['a@example.com', 'b@example.com', 'c@example.com']
    })
    expect('secret' in input).toBe(false)
    expect(ChannelInput.safeParse(input).success).toBe(true)
  })

  it('uses the routing key and the Slack webhook as secrets', () => {
    expect(secretOf({ ...emptyChannel('pagerduty'), routingKey: ' R0UT1NG ' })).toBe('R0UT1NG')
    expect(secretOf({ ...emptyChannel('slack'), slackWebhook: 'https://hooks.slack.com/services/x' })).toBe(
      'https://hooks.slack.com/services/x'
    )
    expect(secretOf(emptyChannel('desktop'))).toBeUndefined()
  })

  it('reads a stored channel back without its secret', () => {
    const d = draftOfChannel({
      id: 2,
      name: 'pd',
      kind: 'pagerduty',
      config: { kind: 'pagerduty', eventsUrl: 'http://127.0.0.1:1/pd', source: 'lab' },
      hasSecret: true,
      secretHint: '…1234',
      enabled: false,
      builtin: false,
      lastDelivery: null
    })
    expect(d).toMatchObject({
      kind: 'pagerduty',
      name: 'pd',
      enabled: false,
      eventsUrl: 'http://127.0.0.1:1/pd',
      source: 'lab',
      routingKey: ''
    })
    expect(channelInputOf(d)).toEqual({
      name: 'pd',
      enabled: false,
      config: { kind: 'pagerduty', eventsUrl: 'http://127.0.0.1:1/pd', source: 'lab' }
    })
  })
})
