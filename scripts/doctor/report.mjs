// @ts-check
// Runs the checks a command needs and turns them into a verdict: the gate `npm test` and `npm start` pass through
// first (`doctor --for <target>`), or the full table of `npm run doctor`.
import { CHECKS } from './checks.mjs'
import { stopLine, table } from './format.mjs'

/**
 * @typedef {import('./checks.mjs').Ctx} Ctx
 * @typedef {import('./checks.mjs').Check} Check
 * @typedef {import('./checks.mjs').Target} Target
 * @typedef {Check & import('./checks.mjs').Result} Outcome
 */

/** What each gate stops on and what it only notes. @type {Record<Target, { title: string, stop: Target[], notes: Target[] }>} */
export const GATES = {
  test: { title: 'npm test', stop: ['test'], notes: ['test', 'e2e'] },
  e2e: { title: 'e2e', stop: ['e2e'], notes: [] },
  serve: { title: 'npm run serve', stop: ['serve'], notes: [] },
  start: { title: 'npm start', stop: ['start'], notes: ['start'] }
}

/** The commands the full report gives a verdict on; the exit code follows those that decide. @type {{ title: string, targets: Target[], decides: boolean }[]} */
const COMMANDS = [
  { title: 'npm test', targets: ['test', 'e2e'], decides: true },
  { title: 'npm run serve, demo', targets: ['serve'], decides: true },
  { title: 'npm start, dev', targets: ['start'], decides: false }
]

/** Runs the given checks (all by default) once each. @param {Ctx} ctx @param {(c: Check) => boolean} [which] @returns {Outcome[]} */
export function runChecks(ctx, which = () => true) {
  return CHECKS.filter(which).map((c) => ({ ...c, ...c.run(ctx) }))
}

/** Failed checks that `targets` can live without, with what they lose. @param {Outcome[]} outcomes @param {readonly Target[]} targets */
function notesFor(outcomes, targets) {
  const failed = new Set(outcomes.filter((o) => !o.ok).map((o) => o.id))
  return outcomes.flatMap((o) => {
    if (o.ok) return []
    if (o.onlyWhenMissing && !o.onlyWhenMissing.some((id) => failed.has(id))) return []
    const note = targets.map((t) => o.degrades?.[t]).find(Boolean)
    return note ? [{ outcome: o, note }] : []
  })
}

/** The gate a command passes through first. @param {Ctx} ctx @param {Target} target @returns {{ ok: boolean, lines: string[] }} */
export function gate(ctx, target) {
  const { title, stop, notes } = GATES[target]
  const outcomes = runChecks(ctx, (c) => [...stop, ...notes].some((t) => c.requiredFor.includes(t) || c.degrades?.[t] !== undefined))
  // one line per missing piece; pieces with the same fix (npm ci) share the first one's line
  const missing = outcomes.filter((o) => !o.ok && o.requiredFor.some((t) => stop.includes(t)))
  const stops = missing.filter((o, i) => !missing.slice(0, i).some((p) => p.fix === o.fix))
  if (stops.length) return { ok: false, lines: stops.map((o) => stopLine(title, o.label(ctx), o.detail, o.fix)) }
  const noted = notesFor(
    outcomes.filter((o) => !o.requiredFor.some((t) => stop.includes(t))),
    notes
  )
  return {
    ok: true,
    lines: [
      `doctor: ready for ${title} (npm run doctor prints every check)`,
      ...noted.map(({ outcome: o, note }) => `doctor: note: ${o.label(ctx)}: ${o.detail}; ${note}${o.fix ? `; fix: ${o.fix}` : ''}`)
    ]
  }
}

/** The full table and a verdict per command. @param {Ctx} ctx @returns {{ ok: boolean, lines: string[] }} */
export function fullReport(ctx) {
  const outcomes = runChecks(ctx)
  const rows = [
    ['check', 'status', 'needed by', 'found / fix'],
    ...outcomes.flatMap((o) => [
      [o.label(ctx), o.ok ? 'found' : 'missing', o.neededBy, o.detail],
      ...(o.ok ? [] : [['', '', '', `fix: ${o.fix}`]])
    ])
  ]
  let ok = true
  const verdicts = COMMANDS.map(({ title, targets, decides }) => {
    const blockers = outcomes.filter((o) => !o.ok && o.requiredFor.some((t) => targets.includes(t)))
    if (blockers.length && decides) ok = false
    if (blockers.length) return [title, `not ready: needs ${blockers.map((o) => o.label(ctx)).join(', ')}`]
    const noted = notesFor(outcomes, targets)
    return [
      title,
      `ready${noted.length ? ` (${noted.map(({ outcome, note }) => `${outcome.label(ctx)} missing: ${note}`).join('; ')})` : ''}`
    ]
  })
  return { ok, lines: [...table(rows), '', ...table(verdicts)] }
}
