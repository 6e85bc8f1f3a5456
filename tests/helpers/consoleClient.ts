import http from 'node:http'

export interface PushedEvent {
  name: string
  data: any
  at: number
}

/**
 * One browser-like client of serve mode: its own session (the opening URL's cookie), its own event stream, and RPC
 * calls with that session. Two of them are two people looking at the same workspace.
 */
export interface ConsoleClient {
  cookie: string
  events: PushedEvent[]
  rpc(channel: string, input?: unknown): Promise<any>
  /** Resolves with the first event (after `since`) of this name that passes `match`. */
  waitFor(name: string, match?: (data: any) => boolean, ms?: number, since?: number): Promise<PushedEvent>
  close(): void
}

export async function openClient(baseUrl: string, openUrl: string): Promise<ConsoleClient> {
  const open = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(openUrl, resolve).on('error', reject))
  open.resume()
  const cookie = String(open.headers['set-cookie']).split(';')[0]!
  if (!cookie.startsWith('cc_session=')) throw new Error(`no session cookie (status ${open.statusCode})`)
  const events: PushedEvent[] = []
  const waiters = new Set<() => void>()
  const req = await new Promise<http.ClientRequest>((resolve, reject) => {
    const r = http.get(`${baseUrl}/api/events`, { headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`event stream: status ${res.statusCode}`))
      let buf = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buf += chunk
        let end: number
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, end)
          buf = buf.slice(end + 2)
          const name = /^event: (.*)$/m.exec(frame)?.[1]
          const data = /^data: (.*)$/m.exec(frame)?.[1]
          if (name && data !== undefined) events.push({ name, data: JSON.parse(data), at: Date.now() })
        }
        for (const w of waiters) w()
      })
      resolve(r)
    })
    r.on('error', reject)
  })
  return {
    cookie,
    events,
    async rpc(channel, input) {
      const res = await fetch(`${baseUrl}/api/rpc/${channel}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input)
      })
      return res.json()
    },
    waitFor(name, match = () => true, ms = 10_000, since = 0) {
      const find = () => events.find((e) => e.name === name && e.at >= since && match(e.data))
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = find()
          if (!hit) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve(hit)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no ${name} event within ${ms} ms (got: ${events.map((e) => e.name).join(', ') || 'none'})`))
        }, ms)
        waiters.add(check)
        check()
      })
    },
    close: () => req.destroy()
  }
}
