// A trivial loopback HTTP server for the loadtest benchmark, in its own process (its CPU is not the generator's).
// Prints {"port": N} on the first line; exits when stdin closes or after TARGET_MAX_SECONDS.
import http from 'node:http'

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' })
  res.end('ok')
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`)
})
process.stdin.resume()
process.stdin.on('end', () => process.exit(0))
setTimeout(() => process.exit(0), Number(process.env.TARGET_MAX_SECONDS ?? 300) * 1000).unref()
