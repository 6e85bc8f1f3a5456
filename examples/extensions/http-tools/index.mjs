// An example extension: one check kind and one notification channel, both reaching the network only through the
// console's proxy (api.net.fetch), which allows the origins granted at install. See docs/extensions.md.

/** @param {import('../../../src/shared/extensionApi').ExtensionApi} api */
export function activate(api) {
  // health runs checks of kind "ext:http-tools/keyword" by calling this: { settings, timeoutMs } → { status, latencyMs, error }
  api.checks.register('keyword', async ({ settings }) => {
    const started = Date.now()
    const res = await api.net.fetch(settings.url)
    const latencyMs = Date.now() - started
    if (res.status >= 400) return { status: 'DOWN', latencyMs, error: `HTTP ${res.status}` }
    if (!res.body.includes(settings.keyword)) return { status: 'DOWN', latencyMs, error: `"${settings.keyword}" not found` }
    return { status: 'UP', latencyMs, error: null }
  })

  // alerts deliver to channels of kind "ext:http-tools/post-json" by calling this: { settings, message } → anything
  api.channels.register('post-json', async ({ settings, message }) => {
    const res = await api.net.fetch(settings.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'control-console', ...message })
    })
    if (res.status >= 300) throw new Error(`the receiver answered HTTP ${res.status}`)
    return { status: res.status }
  })

  api.commands.register('list-services', async () => (await api.health.services()).map((s) => s.name))
  api.log.info('http-tools ready')
}
