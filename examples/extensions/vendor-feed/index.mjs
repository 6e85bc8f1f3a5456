// An example extension using activation events, settings and alert signals (docs/extensions.md):
// - reads a vendor's status page (settings.statusUrl, with the secret settings.token) through the console's proxy,
//   when the Alerts view opens (onView:alerts), every 5 minutes (onSchedule) and on the poll-now command;
// - raises one alert signal per component that is not operational, and resolves it when it is again (alerts:write);
// - imports the vendor's JSON bills as cost rows (FOCUS);
// - answers a dashboard panel data source (status grid or table of the components);
// - forwards critical alerts to settings.forwardUrl as they fire and resolve (onAlert:critical, needs alerts:read).

import fs from 'node:fs'

const RANK = { operational: 0, degraded: 1, outage: 2 }
const nextDay = (day) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString()

/**
 * The vendor's JSON bill → FOCUS rows: { account, currency, period: "YYYY-MM", lines: [{ date, product, category,
 * amount, units, unit, region }] }. The console lets this process read the chosen file only, for this call.
 */
function billRows(file) {
  const bill = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (!Array.isArray(bill.lines)) throw new Error('not a vendor bill: "lines" is missing')
  return bill.lines.map((l, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(l.date ?? '')) throw new Error(`line ${i + 1}: "date" must be YYYY-MM-DD`)
    return {
      BillingAccountId: bill.account,
      BillingCurrency: bill.currency,
      BillingPeriodStart: `${bill.period}-01T00:00:00Z`,
      ChargePeriodStart: `${l.date}T00:00:00Z`,
      ChargePeriodEnd: nextDay(l.date),
      ChargeCategory: 'Usage',
      BilledCost: l.amount,
      EffectiveCost: l.amount,
      ServiceName: l.product,
      ServiceCategory: l.category ?? 'Other',
      ConsumedQuantity: l.units ?? null,
      ConsumedUnit: l.unit ?? null,
      RegionId: l.region ?? null,
      ProviderName: 'Vendor'
    }
  })
}

/** @param {import('../../../src/shared/extensionApi').ExtensionApi} api */
export async function activate(api) {
  let settings = await api.settings.get()
  api.settings.onChange((next) => {
    settings = next
    api.log.info(`settings changed: status page ${next.statusUrl}`)
  })

  async function readStatus() {
    const headers = settings.token ? { authorization: `Bearer ${settings.token}` } : {}
    const res = await api.net.fetch(settings.statusUrl, { headers })
    if (res.status !== 200) throw new Error(`the status page answered HTTP ${res.status}`)
    return JSON.parse(res.body).components ?? []
  }

  async function poll(why) {
    if (!settings.statusUrl) return { polled: false, reason: 'no status page URL set' }
    const components = await readStatus()
    const from = RANK[settings.minStatus ?? 'degraded']
    let raised = 0
    for (const c of components) {
      const bad = (RANK[c.status] ?? 2) >= from
      raised += bad ? 1 : 0
      await api.alerts.signal({
        target: c.name,
        summary: `${c.name} is ${c.status}`,
        severity: c.status === 'outage' ? 'critical' : 'warning',
        resolved: !bad,
        value: RANK[c.status] ?? 2
      })
    }
    api.log.info(`polled (${why}): ${components.length} components, ${raised} not operational`)
    return { polled: true, components: components.length, raised }
  }

  api.commands.register('poll-now', () => poll('command'))

  // Costs › Import offers "Vendor bill (JSON) (from extension …)": { path, fileName, target } → FOCUS rows
  api.importers.register('vendor-bill', async ({ path }) => ({ rows: billRows(path) }))

  // dashboards ask for the panel's data: { params, from, to, panelType } → a status grid, or a table for other panels
  api.panels.register('components', async ({ panelType, params }) => {
    if (!settings.statusUrl) return { kind: 'empty', note: 'Set the status page URL in the extension settings.' }
    const only = params.component ? (await readStatus()).filter((c) => c.name === params.component) : await readStatus()
    if (panelType === 'status')
      return {
        kind: 'status',
        items: only.map((c) => ({
          name: c.name,
          status: c.status === 'operational' ? 'up' : c.status === 'degraded' ? 'degraded' : 'down',
          detail: c.status
        }))
      }
    return { kind: 'table', columns: ['component', 'status'], rows: only.map((c) => [c.name, c.status]) }
  })
  api.events.on('view', (e) => poll(`view ${e.area}`))
  api.events.on('schedule', (e) => poll(`schedule ${e.schedule}`))
  api.events.on('alert', async (alert) => {
    if (!settings.forwardUrl) return
    await api.net.fetch(settings.forwardUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'vendor-feed', alert })
    })
  })
  api.log.info('vendor-feed ready')
}
