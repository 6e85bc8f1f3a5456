// The extension host: runs ONE extension in this process and gives it the typed API (docs/extensions.md). It works as a
// Node child process (process.send / 'message') and as an Electron utility process (process.parentPort). It imports
// only Node built-ins: it is started under Node's permission model, able to read its own file, the extension's folder
// and the folders the user granted, and nothing else. Every call to the console is an RPC checked by the console.
import { AsyncLocalStorage } from 'node:async_hooks'
import { pathToFileURL } from 'node:url'

const parentPort = process.parentPort
const send = (m) => (parentPort ? parentPort.postMessage(m) : process.send?.(m))
const onMessage = (fn) => (parentPort ? parentPort.on('message', (e) => fn(e.data)) : process.on('message', fn))

let seq = 0
const pending = new Map()
const handlers = {
  check: new Map(),
  channel: new Map(),
  command: new Map(),
  webhook: new Map(),
  importer: new Map(),
  panel: new Map()
}
/** The invocation a call is made for: the console allows a channel delivery the origins its destination names. */
const invocation = new AsyncLocalStorage()
/** Event listeners: view, schedule, alert, settings (the console delivers them). */
const listeners = new Map()

/** One RPC to the console; rejects with the console's error (a refused permission among them). */
const call = (method, params) =>
  new Promise((resolve, reject) => {
    const id = ++seq
    pending.set(id, { resolve, reject })
    send({ t: 'rpc', id, method, params: params ?? null, inv: invocation.getStore() ?? null })
  })

const log =
  (level) =>
  (...parts) =>
    send({
      t: 'log',
      level,
      message: parts
        .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
        .join(' ')
        .slice(0, 4000)
    })
const register = (kind) => (name, fn) => {
  if (typeof fn !== 'function') throw new TypeError(`${kind} ${name}: the handler must be a function`)
  handlers[kind].set(name, fn)
}

/** The extension API, version 1 (its types: src/shared/extensionApi.ts). */
const api = {
  apiVersion: 1,
  log: { info: log('info'), warn: log('warn'), error: log('error') },
  health: { services: () => call('health.services') },
  alerts: { signal: (s) => call('alerts.signal', s) },
  net: { fetch: (url, init) => call('net.fetch', { url, ...(init ?? {}) }) },
  settings: { get: () => call('settings.get'), onChange: (fn) => on('settings', fn) },
  events: { on: (name, fn) => on(name, fn) },
  deploys: { mark: (m) => call('deploys.mark', m) },
  checks: { register: register('check') },
  channels: { register: register('channel') },
  commands: { register: register('command') },
  webhooks: { register: register('webhook') },
  importers: { register: register('importer') },
  panels: { register: register('panel') }
}

function on(name, fn) {
  if (typeof fn !== 'function') throw new TypeError(`${name}: the listener must be a function`)
  listeners.set(name, [...(listeners.get(name) ?? []), fn])
}

const errorText = (err) => (err instanceof Error ? err.message : String(err))

async function init(m) {
  try {
    const mod = await import(pathToFileURL(m.entry).href)
    const activate = mod.activate ?? mod.default?.activate
    if (typeof activate !== 'function') throw new Error(`${m.entry} exports no activate(api) function`)
    await activate(api, { extensionId: m.id, folder: m.folder, dataFolder: m.dataFolder })
    send({
      t: 'ready',
      checks: [...handlers.check.keys()],
      channels: [...handlers.channel.keys()],
      commands: [...handlers.command.keys()],
      webhooks: [...handlers.webhook.keys()]
    })
  } catch (err) {
    send({ t: 'log', level: 'error', message: `activation failed: ${errorText(err)}` })
    process.exit(3)
  }
}

/** An event the console delivers: every listener runs in turn; the first failure is reported. */
const emit = async (name, payload) => {
  for (const fn of listeners.get(name) ?? []) await fn(payload)
}

async function invoke(m) {
  const fn = m.kind === 'event' ? (payload) => emit(m.name, payload) : handlers[m.kind]?.get(m.name)
  try {
    if (!fn) throw new Error(`this extension registered no ${m.kind} "${m.name}"`)
    send({ t: 'result', id: m.id, ok: true, value: (await invocation.run(m.id, () => fn(m.payload))) ?? null })
  } catch (err) {
    send({ t: 'result', id: m.id, ok: false, error: errorText(err) })
  }
}

onMessage((m) => {
  if (!m || typeof m !== 'object') return
  if (m.t === 'init') void init(m)
  else if (m.t === 'ping') send({ t: 'pong', id: m.id })
  else if (m.t === 'invoke') void invoke(m)
  else if (m.t === 'reply') {
    const p = pending.get(m.id)
    pending.delete(m.id)
    if (p && m.ok) p.resolve(m.value)
    else if (p) p.reject(new Error(m.error))
  }
})

process.on('uncaughtException', (err) => {
  send({ t: 'log', level: 'error', message: `uncaught: ${errorText(err)}` })
  process.exit(70)
})
process.on('unhandledRejection', (err) => send({ t: 'log', level: 'error', message: `unhandled rejection: ${errorText(err)}` }))
if (!parentPort) process.on('disconnect', () => process.exit(0))
