// A test channel: posts to the destination's URL, then (when asked) tries another origin; keeps the URL to try it later.
let last = null

export function activate(api) {
  api.channels.register('relay', async ({ settings, secret, message }) => {
    last = settings.url
    const sent = await api.net.fetch(settings.url, {
      method: 'POST',
      body: JSON.stringify({ summary: message.summary, secretLength: secret?.length ?? 0 })
    })
    if (settings.alsoPort) await api.net.fetch(`http://127.0.0.1:${settings.alsoPort}/elsewhere`)
    return sent
  })
  api.commands.register('replay', async () => {
    try {
      await api.net.fetch(last)
      return 'reached'
    } catch (err) {
      return err.message
    }
  })
}
