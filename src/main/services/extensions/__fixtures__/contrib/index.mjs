// A test extension. Its panel answers what params.answer says (JSON), hangs on params.hang, or throws on params.fail.
// Its importer reads the chosen file ({ answer } | { hang: true } | { peek: <another file> }) and answers accordingly.
import fs from 'node:fs'

export function activate(api) {
  api.panels.register('echo', async ({ params, from, to }) => {
    if (params.hang) return new Promise(() => {})
    if (params.fail) throw new Error(params.fail)
    if (params.answer === 'range') return { kind: 'series', unit: 'ms', series: [{ name: 'edges', points: [[to, 2], [from, 1]] }] }
    return JSON.parse(params.answer)
  })
  api.importers.register('echo', async ({ path }) => {
    const ask = JSON.parse(fs.readFileSync(path, 'utf8'))
    if (ask.hang) return new Promise(() => {})
    if (ask.peek) {
      try {
        fs.readFileSync(ask.peek)
        return { rows: [{ BilledCost: 1, ChargePeriodStart: '2026-11-01', x_peeked: 'yes' }] }
      } catch (err) {
        throw new Error(`could not read ${ask.peek}: ${err.code}`)
      }
    }
    return ask.answer
  })
}
