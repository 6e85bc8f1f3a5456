// Test helpers: real servers on 127.0.0.1, port 0, torn down with every socket destroyed.
import dgram from 'node:dgram'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'
import dnsPacket from 'dns-packet'
import { generate } from 'selfsigned'

export interface Running {
  port: number
  /** Connections the server still holds open. */
  openConnections(): number
  close(): Promise<void>
}

/** Listens on 127.0.0.1:0 and tracks sockets so close() never waits on a hung connection. */
export async function listen(server: net.Server): Promise<Running> {
  const sockets = new Set<net.Socket>()
  server.on('connection', (s: net.Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

export async function startHttp(handler: http.RequestListener): Promise<Running & { url: string }> {
  const running = await listen(http.createServer(handler))
  return { ...running, url: `http://127.0.0.1:${running.port}` }
}

export async function startHttps(pems: Pems, handler: http.RequestListener): Promise<Running & { url: string }> {
  const running = await listen(https.createServer({ key: pems.key, cert: pems.cert }, handler))
  return { ...running, url: `https://127.0.0.1:${running.port}` }
}

/** A TLS server that completes the handshake and closes. */
export function startTls(pems: Pems): Promise<Running> {
  return listen(tls.createServer({ key: pems.key, cert: pems.cert }, (s) => s.end()))
}

/** A raw TCP server; `onSocket` decides what to do (default: read and never answer). */
export function startTcp(onSocket: (s: net.Socket) => void = (s) => void s.resume()): Promise<Running> {
  return listen(net.createServer(onSocket))
}

/** A port nobody listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const running = await startTcp()
  await running.close()
  return running.port
}

// ---- certificates ----

export interface Pems {
  key: string
  cert: string
}

const DAY = 86_400_000

/** Self-signed (or CA-signed) cert valid from `from` to `from + days`, for localhost + 127.0.0.1 unless `dnsNames` given. */
export async function makeCert(days: number, opts: { from?: Date; ca?: Pems; isCa?: boolean; dnsNames?: string[] } = {}): Promise<Pems> {
  const dnsNames = opts.dnsNames ?? ['localhost']
  const altNames = [
    ...dnsNames.map((value) => ({ type: 2 as const, value })),
    ...(opts.dnsNames ? [] : [{ type: 7 as const, ip: '127.0.0.1' }])
  ]
  const from = opts.from ?? new Date(Math.floor(Date.now() / 1000) * 1000 - DAY)
  const notAfterDate = new Date(from.getTime() + days * DAY)
  const pems = await generate([{ name: 'commonName', value: opts.isCa ? 'Test CA' : (dnsNames[0] ?? 'localhost') }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: from,
    notAfterDate,
    ...(opts.ca && { ca: { key: opts.ca.key, cert: opts.ca.cert } }),
    extensions: opts.isCa
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames }
        ]
  })
  return { key: pems.private, cert: pems.cert }
}

// ---- DNS ----

export type Zone = Record<string, Partial<Record<'A' | 'AAAA' | 'TXT' | 'MX', unknown[]>>>

/** UDP DNS server answering from `zone`; unknown names get NXDOMAIN, names in `silent` get no reply. */
export async function startDns(zone: Zone, silent: string[] = []): Promise<Running & { server: string; queries: string[] }> {
  const socket = dgram.createSocket('udp4')
  const queries: string[] = []
  socket.on('message', (msg, rinfo) => {
    const query = dnsPacket.decode(msg)
    const q = query.questions?.[0]
    if (!q) return
    queries.push(`${q.type} ${q.name}`)
    if (silent.includes(q.name)) return
    const records = zone[q.name.toLowerCase()]
    const data = records?.[q.type as keyof typeof records] ?? []
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (records ? 0 : 3), // rcode 3 = NXDOMAIN
      questions: [q],
      answers: data.map((d) => ({ type: q.type, name: q.name, ttl: 60, class: 'IN', data: d }) as dnsPacket.Answer)
    })
    socket.send(reply, rinfo.port, rinfo.address)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const port = socket.address().port
  return {
    port,
    server: `127.0.0.1:${port}`,
    queries,
    openConnections: () => 0,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve()))
  }
}
