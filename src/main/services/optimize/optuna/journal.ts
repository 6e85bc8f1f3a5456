/**
 * Reads Optuna's journal file storage (JournalFileStorage: one JSON operation per line, replayed in order).
 * Python writes non-finite floats as the bare tokens Infinity, -Infinity and NaN, which JSON.parse refuses: they are
 * read as strings first. A torn last line (a writer stopped mid-write) is ignored, as Optuna does.
 */
import fs from 'node:fs'
import {
  externalValue,
  OptunaFormatError,
  parseDistribution,
  parseOptunaTime,
  TRIAL_STATES,
  type Direction,
  type OptunaStudy,
  type OptunaTrial
} from './types'

const OP = {
  createStudy: 0,
  deleteStudy: 1,
  studyUserAttr: 2,
  studySystemAttr: 3,
  createTrial: 4,
  param: 5,
  stateValues: 6,
  intermediate: 7,
  trialUserAttr: 8,
  trialSystemAttr: 9
}

type Op = Record<string, unknown> & { op_code: number }

/** Bare non-finite tokens outside strings → numbers JSON can carry as strings. */
function parseLine(line: string): Op {
  const safe = line.replace(/("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g, (m, str: string | undefined) => (str ? m : `"__${m}__"`))
  return JSON.parse(safe, (_k, v: unknown) =>
    v === '__Infinity__' ? Infinity : v === '__-Infinity__' ? -Infinity : v === '__NaN__' ? NaN : v
  ) as Op
}

export function isOptunaJournal(firstLine: string): boolean {
  try {
    const op = parseLine(firstLine)
    return typeof op.op_code === 'number' && 'worker_id' in op
  } catch {
    return false
  }
}

interface StudyState extends OptunaStudy {
  deleted: boolean
}

/** Lines of a file read in 1 MB chunks, so journals larger than a string can hold still replay. */
function* fileLines(file: string): Generator<string> {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(1 << 20)
    let rest = ''
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
      const parts = (rest + buf.toString('utf8', 0, n)).split('\n')
      rest = parts.pop()!
      yield* parts
    }
    yield rest
  } finally {
    fs.closeSync(fd)
  }
}

export function readJournalStudies(file: string): OptunaStudy[] {
  return replayJournalLines(fileLines(file), file)
}

export function replayJournal(text: string, file = 'journal'): OptunaStudy[] {
  return replayJournalLines(text.split('\n'), file)
}

function replayJournalLines(lines: Iterable<string>, file: string): OptunaStudy[] {
  const studies: StudyState[] = []
  const trials: { study: StudyState; trial: OptunaTrial }[] = []
  const trialOf = (op: Op, n: number): OptunaTrial => {
    const t = trials[op.trial_id as number]
    if (!t) throw new OptunaFormatError(`${file}, line ${n}: trial_id ${String(op.trial_id)} was never created`)
    return t.trial
  }
  let n = 0
  let torn = 0
  for (const line of lines) {
    n++
    if (!line.trim()) continue
    if (torn) throw new OptunaFormatError(`${file}, line ${torn}: not a JSON operation`)
    let op: Op
    try {
      op = parseLine(line)
    } catch {
      torn = n // only the last line may be torn
      continue
    }
    switch (op.op_code) {
      case OP.createStudy:
        studies.push({
          name: String(op.study_name),
          directions: ((op.directions as number[]) ?? []).map((d): Direction => (d === 2 ? 'maximize' : 'minimize')),
          userAttrs: {},
          trials: [],
          deleted: false
        })
        break
      case OP.deleteStudy:
        studyAt(op, n).deleted = true
        break
      case OP.studyUserAttr:
        Object.assign(studyAt(op, n).userAttrs, op.user_attr as object)
        break
      case OP.createTrial: {
        const study = studyAt(op, n)
        const trial: OptunaTrial = {
          number: study.trials.length,
          state: typeof op.state === 'number' ? TRIAL_STATES[op.state]! : 'RUNNING',
          values: Array.isArray(op.values) ? (op.values as number[]) : typeof op.value === 'number' ? [op.value] : [],
          params: {},
          distributions: {},
          intermediate: Object.entries((op.intermediate_values as Record<string, number>) ?? {}).map(([s, v]) => [Number(s), v]),
          userAttrs: { ...((op.user_attrs as object) ?? {}) },
          startedAt: parseOptunaTime(op.datetime_start),
          completedAt: parseOptunaTime(op.datetime_complete)
        }
        for (const [name, dj] of Object.entries((op.distributions as Record<string, string>) ?? {})) {
          const where = `${file}, line ${n}, param ${name}`
          const d = parseDistribution(typeof dj === 'string' ? dj : JSON.stringify(dj), where)
          trial.distributions[name] = d
          trial.params[name] = externalValue(d, (op.params as Record<string, number>)[name]!, where)
        }
        study.trials.push(trial)
        trials.push({ study, trial })
        break
      }
      case OP.param: {
        const t = trialOf(op, n)
        const name = String(op.param_name)
        const where = `${file}, line ${n}, param ${name}`
        const d = parseDistribution(String(op.distribution), where)
        t.distributions[name] = d
        t.params[name] = externalValue(d, op.param_value_internal as number, where)
        break
      }
      case OP.stateValues: {
        const t = trialOf(op, n)
        t.state = TRIAL_STATES[op.state as number] ?? t.state
        if (Array.isArray(op.values)) t.values = op.values as number[]
        if (op.datetime_start) t.startedAt = parseOptunaTime(op.datetime_start)
        if (op.datetime_complete) t.completedAt = parseOptunaTime(op.datetime_complete)
        break
      }
      case OP.intermediate: {
        const t = trialOf(op, n)
        const step = op.step as number
        const at = t.intermediate.findIndex(([s]) => s === step)
        const pair: [number, number] = [step, op.intermediate_value as number]
        if (at >= 0) t.intermediate[at] = pair
        else t.intermediate.push(pair)
        break
      }
      case OP.trialUserAttr:
        Object.assign(trialOf(op, n).userAttrs, op.user_attr as object)
        break
      case OP.studySystemAttr:
      case OP.trialSystemAttr:
        break
      default:
        throw new OptunaFormatError(`${file}, line ${n}: unknown op_code ${op.op_code}`)
    }
  }
  return studies
    .filter((s) => !s.deleted)
    .map(({ deleted: _d, ...s }) => ({
      ...s,
      trials: s.trials.map((t) => ({ ...t, intermediate: t.intermediate.sort((a, b) => a[0] - b[0]) }))
    }))

  function studyAt(op: Op, n: number): StudyState {
    const s = studies[op.study_id as number]
    if (!s) throw new OptunaFormatError(`${file}, line ${n}: study_id ${String(op.study_id)} was never created`)
    return s
  }
}
