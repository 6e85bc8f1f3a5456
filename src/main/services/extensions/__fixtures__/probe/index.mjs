// A test extension: answers checks by running what the payload asks for inside the sandbox.
import fs from 'node:fs'

export function activate(api) {
  api.checks.register('echo', async (payload) => {
    switch (payload.op) {
      case 'read':
        try {
          return { read: fs.readFileSync(payload.path, 'utf8').length }
        } catch (err) {
          return { denied: err.code ?? String(err) }
        }
      case 'env':
        return { env: Object.keys(process.env) }
      case 'call':
        try {
          return { value: await api[payload.ns][payload.fn](...(payload.args ?? [])) }
        } catch (err) {
          return { refused: err.message }
        }
      case 'spawn':
        try {
          const cp = await import('node:child_process')
          cp.execFileSync('/bin/true')
          return { spawned: true }
        } catch (err) {
          return { denied: err.code ?? String(err) }
        }
      case 'hang':
        for (;;) {}
      case 'crash':
        setTimeout(() => {
          throw new Error('boom')
        })
        return { ok: true }
      default:
        return { ok: true }
    }
  })
}
