/**
 * Command templates: `python3 train.py --lr {lr} --out {output_dir}`. The template is split into words first (quotes
 * group words), then each word's `{name}` placeholders are replaced, so a parameter value is always one argument and
 * never reaches a shell (unless the job asks for one, then values are shell-quoted).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { JobParam } from '../../../shared/contract/mlops'
import { AppError } from '../../../shared/errors'

/** Placeholders the console fills in itself. */
export const BUILTINS = ['output_dir', 'run_id', 'parent_artifact'] as const

const PLACEHOLDER = /\{([A-Za-z_]\w*)\}/g

/** Splits on whitespace; '…' and "…" group words (no escapes inside single quotes, \" inside double quotes). */
export function splitWords(template: string): string[] {
  const words: string[] = []
  let cur = ''
  let has = false
  let quote: '"' | "'" | null = null
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!
    if (quote) {
      if (c === quote) quote = null
      else if (c === '\\' && quote === '"' && template[i + 1] === '"') cur += template[++i]
      else cur += c
    } else if (c === '"' || c === "'") {
      quote = c
      has = true
    } else if (/\s/.test(c)) {
      if (has || cur) words.push(cur)
      cur = ''
      has = false
    } else cur += c
  }
  if (quote) throw new AppError('VALIDATION', `command: a ${quote} quote is not closed`, 'command')
  if (has || cur) words.push(cur)
  return words
}

export const placeholdersOf = (template: string): string[] => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))]

/** Refuses placeholders that are neither a parameter nor built in, and parameters defined twice. */
export function checkTemplate(template: string, params: JobParam[]): void {
  splitWords(template)
  const names = new Set<string>()
  for (const p of params) {
    if (names.has(p.name)) throw new AppError('VALIDATION', `params: “${p.name}” is defined twice`, 'params')
    if ((BUILTINS as readonly string[]).includes(p.name))
      throw new AppError('VALIDATION', `params: “${p.name}” is filled in by the console; choose another name`, 'params')
    if (p.type === 'choice' && p.choices.length === 0)
      throw new AppError('VALIDATION', `params: “${p.name}” is a choice: list its choices`, 'params')
    names.add(p.name)
  }
  for (const ph of placeholdersOf(template))
    if (!names.has(ph) && !(BUILTINS as readonly string[]).includes(ph))
      throw new AppError(
        'VALIDATION',
        `command: unknown placeholder {${ph}}; define a parameter “${ph}” or use ${BUILTINS.map((b) => `{${b}}`).join(', ')}`,
        'command'
      )
}

/** The values of a run: defaults filled in, each checked against its type; unknown names are refused. */
export function resolveParams(params: JobParam[], given: Record<string, string>): Record<string, string> {
  const byName = new Map(params.map((p) => [p.name, p]))
  for (const k of Object.keys(given))
    if (!byName.has(k)) throw new AppError('VALIDATION', `params.${k}: the job has no parameter “${k}”`, `params.${k}`)
  const out: Record<string, string> = {}
  for (const p of params) {
    const v = given[p.name] ?? p.default
    const field = `params.${p.name}`
    if (v === undefined || v === '') throw new AppError('VALIDATION', `${field}: missing (the parameter has no default)`, field)
    if (p.type === 'number' && !Number.isFinite(Number(v))) throw new AppError('VALIDATION', `${field}: “${v}” is not a number`, field)
    if (p.type === 'choice' && !p.choices.includes(v))
      throw new AppError('VALIDATION', `${field}: “${v}” is not one of ${p.choices.join(', ')}`, field)
    if (p.type === 'path') {
      if (!path.isAbsolute(v)) throw new AppError('VALIDATION', `${field}: must be an absolute path`, field)
      if (!fs.existsSync(v)) throw new AppError('VALIDATION', `${field}: ${v} does not exist`, field)
    }
    out[p.name] = v
  }
  return out
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

/** The argv to spawn (or one shell line when `useShell`). */
export function render(template: string, values: Record<string, string>, useShell: boolean): string[] {
  const fill = (word: string, quote: boolean): string =>
    word.replace(PLACEHOLDER, (_, name: string) => {
      const v = values[name]
      if (v === undefined) throw new AppError('VALIDATION', `command: {${name}} has no value for this run`, 'command')
      return quote ? shellQuote(v) : v
    })
  if (useShell) return [fill(template, true)]
  const argv = splitWords(template).map((w) => fill(w, false))
  if (!argv.length || !argv[0]) throw new AppError('VALIDATION', 'command: must name a program', 'command')
  return argv
}
