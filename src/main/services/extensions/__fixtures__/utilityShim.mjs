// Plays Electron's utility process for tests: gives the host script a `process.parentPort` (postMessage, and
// 'message' events carrying { data }) over Node's IPC channel, then runs the host script named in argv. Like
// Electron's parentPort, messages wait until the first 'message' listener is added.
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'

const port = new EventEmitter()
const queued = []
port.postMessage = (m) => process.send(m)
port.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => queued.splice(0).forEach((m) => port.emit('message', { data: m })))
})
process.on('message', (m) => (port.listenerCount('message') ? port.emit('message', { data: m }) : queued.push(m)))
process.parentPort = port
await import(pathToFileURL(process.argv[2]).href)
