import type { ChannelInput, ChannelOutput } from '../../../../shared/contract'
import { CHANNEL_KINDS } from '../../../../shared/contract'

/** The kinds the form offers: the console's own, and OpsGenie, which the built-in extension "opsgenie" delivers. */
export const FORM_KINDS = [...CHANNEL_KINDS, 'opsgenie'] as const
export type ChannelKind = (typeof FORM_KINDS)[number]
/** The channel kind the OpsGenie form saves. */
export const OPSGENIE_KIND = 'ext:opsgenie/opsgenie'
type ChannelView = ChannelOutput<'alerts:channels'>[number]

/** What the channel form holds; secret inputs start empty and, when editing, empty means "keep the stored one". */
export interface ChannelDraft {
  kind: ChannelKind
  name: string
  enabled: boolean
  host: string
  port: string
  security: 'starttls' | 'tls' | 'none'
  username: string
  password: string
  from: string
  to: string
  allowInvalidCertificates: boolean
  slackWebhook: string
  slackChannel: string
  routingKey: string
  eventsUrl: string
  source: string
  webhookUrl: string
  hmacKey: string
  headers: { key: string; value: string }[]
  retries: string
  timeoutMs: string
  opsgenieKey: string
  opsgenieRegion: 'us' | 'eu'
  opsgenieTags: string
}

export const KIND_LABELS: Record<ChannelKind, string> = {
  desktop: 'Desktop',
  email: 'E-mail',
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  webhook: 'Webhook',
  opsgenie: 'OpsGenie'
}

export const emptyChannel = (kind: ChannelKind = 'webhook'): ChannelDraft => ({
  kind,
  name: '',
  enabled: true,
  host: '',
  port: '587',
  security: 'starttls',
  username: '',
  password: '',
  from: '',
  to: '',
  allowInvalidCertificates: false,
  slackWebhook: '',
  slackChannel: '',
  routingKey: '',
  eventsUrl: 'https://events.pagerduty.com/v2/enqueue',
  source: 'control-console',
  webhookUrl: '',
  hmacKey: '',
  headers: [],
  retries: '3',
  timeoutMs: '10000',
  opsgenieKey: '',
  opsgenieRegion: 'us',
  opsgenieTags: ''
})

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s.trim()))
const str = (v: unknown, fallback: string): string => (v === undefined || v === null ? fallback : String(v))

function configOf(d: ChannelDraft): ChannelInput<'alerts:createChannel'>['config'] {
  switch (d.kind) {
    case 'desktop':
      return { kind: 'desktop' }
    case 'email':
      return {
        kind: 'email',
        host: d.host.trim(),
        port: num(d.port),
        security: d.security,
        username: d.username.trim(),
        from: d.from.trim(),
        to: d.to.split(/[\s,;]+/).filter(Boolean),
        allowInvalidCertificates: d.allowInvalidCertificates
      }
    case 'slack':
      return { kind: 'slack', channel: d.slackChannel.trim() }
    case 'pagerduty':
      return { kind: 'pagerduty', eventsUrl: d.eventsUrl.trim(), source: d.source.trim() }
    case 'webhook':
      return {
        kind: 'webhook',
        headers: Object.fromEntries(d.headers.filter((h) => h.key.trim()).map((h) => [h.key.trim(), h.value])),
        retries: num(d.retries),
        timeoutMs: num(d.timeoutMs)
      }
    case 'opsgenie':
      return {
        kind: OPSGENIE_KIND,
        settings: { region: d.opsgenieRegion, tags: d.opsgenieTags.split(/[\s,]+/).filter(Boolean) }
      }
  }
}

/** The write-only secret for the kind: SMTP password, Slack webhook URL, PagerDuty routing key, webhook URL (+ HMAC key on a second line). */
export function secretOf(d: ChannelDraft): string | undefined {
  const s =
    d.kind === 'email'
      ? d.password
      : d.kind === 'slack'
        ? d.slackWebhook.trim()
        : d.kind === 'pagerduty'
          ? d.routingKey.trim()
          : d.kind === 'webhook'
            ? [d.webhookUrl.trim(), d.hmacKey.trim()].filter(Boolean).join('\n')
            : d.kind === 'opsgenie'
              ? d.opsgenieKey.trim()
              : ''
  return s === '' ? undefined : s
}

export function channelInputOf(d: ChannelDraft): ChannelInput<'alerts:createChannel'> {
  const secret = secretOf(d)
  return { name: d.name, config: configOf(d), enabled: d.enabled, ...(secret === undefined ? {} : { secret }) }
}

/** The form for a stored channel; its secret stays on the server. */
export function draftOfChannel(c: ChannelView): ChannelDraft {
  const k = c.config
  const settings = (k.settings ?? {}) as Record<string, unknown>
  const base = emptyChannel(c.kind === OPSGENIE_KIND ? 'opsgenie' : c.kind.startsWith('ext:') ? undefined : (c.kind as ChannelKind))
  return {
    ...base,
    name: c.name,
    enabled: c.enabled,
    host: str(k.host, ''),
    port: str(k.port, base.port),
    security: (['starttls', 'tls', 'none'].includes(String(k.security)) ? k.security : 'starttls') as ChannelDraft['security'],
    username: str(k.username, ''),
    from: str(k.from, ''),
    to: Array.isArray(k.to) ? k.to.join(', ') : '',
    allowInvalidCertificates: k.allowInvalidCertificates === true,
    slackChannel: str(k.channel, ''),
    eventsUrl: str(k.eventsUrl, base.eventsUrl),
    source: str(k.source, base.source),
    headers:
      k.headers && typeof k.headers === 'object'
        ? Object.entries(k.headers as Record<string, string>).map(([key, value]) => ({ key, value: String(value) }))
        : [],
    retries: str(k.retries, base.retries),
    timeoutMs: str(k.timeoutMs, base.timeoutMs),
    opsgenieRegion: settings.region === 'eu' ? 'eu' : 'us',
    opsgenieTags: Array.isArray(settings.tags) ? settings.tags.join(', ') : ''
  }
}

/** Does this kind need a secret before it can send? (Creating one without it fails with the field named.) */
export const needsSecret = (kind: ChannelKind): boolean =>
  kind === 'slack' || kind === 'pagerduty' || kind === 'webhook' || kind === 'opsgenie'

export const CHANNEL_FIELD_KEYS = [
  'name',
  'enabled',
  'secret',
  'config',
  'config.host',
  'config.port',
  'config.security',
  'config.username',
  'config.from',
  'config.to',
  'config.allowInvalidCertificates',
  'config.channel',
  'config.eventsUrl',
  'config.source',
  'config.headers',
  'config.retries',
  'config.timeoutMs',
  'config.settings'
]
