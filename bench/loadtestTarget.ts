// A trivial loopback HTTP server for the loadtest benchmark, in its own process (its CPU is not the generator's).
// Prints {"port": N} on the first line; exits when stdin closes or after TARGET_MAX_SECONDS.
// /slow answers after 10–30 ms (spread evenly by a fixed sequence): the latency is then the server's, not the tools'.
// GET /__count answers how many other requests it answered since the last /__count (a check on the generators' counts).
import http from 'node:http'

let answered = 0
const server = http.createServer((req, res) => {
  if (req.url === '/__count') {
    res.end(String(answered))
    answered = 0
    return
  }
  answered++
  const reply = (): void => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
    res.end('ok')
  }
  if (req.url === '/slow') setTimeout(reply, 10 + ((answered * 7919) % 2001) / 100)
  else reply()
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`)
})
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
setTimeout(() => process.exit(0), Number(process.env.TARGET_MAX_SECONDS ?? 300) * 1000).unref()
