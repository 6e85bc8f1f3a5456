/**
 * The job form's draft: text fields in, the channel's input out, with the line that is wrong named. Parameters are one
 * per line: `name:type=default` where type is string, number, path, data (a path recorded as training data) or
 * choice[a|b|c].
 */
import type { JobDefinition, JobDefinitionInput, JobParam } from '../../../../shared/contract/mlops'

export interface JobDraft {
  name: string
  command: string
  workingDir: string
  params: string
  env: string
  secretEnv: string
  timeoutSec: string
  retries: string
  backoffSec: string
  concurrency: string
  output: 'mlflow' | 'metrics'
  artifactPath: string
  modelName: string
  holdoutPath: string
  labelColumn: string
  predictionColumn: string
  gateMetric: string
  gateThreshold: string
  gateMinAbs: string
  gateMinRel: string
  lowerIsBetter: boolean
  promoteTo: 'champion' | 'challenger' | 'Staging' | 'Production' | 'none'
}

export const emptyDraft = (): JobDraft => ({
  name: '',
  command: 'python3 train.py --data {data} --out {output_dir}',
  workingDir: '',
  params: 'data:data=',
  env: '',
  secretEnv: '',
  timeoutSec: '3600',
  retries: '3',
  backoffSec: '120',
  concurrency: '1',
  output: 'mlflow',
  artifactPath: 'model',
  modelName: '',
  holdoutPath: '',
  labelColumn: 'label',
  predictionColumn: 'prediction',
  gateMetric: 'accuracy',
  gateThreshold: '',
  gateMinAbs: '',
  gateMinRel: '',
  lowerIsBetter: false,
  promoteTo: 'champion'
})

export class DraftError extends Error {
  constructor(
    readonly field: string,
    message: string
  ) {
    super(message)
  }
}

export function parseParams(text: string): Omit<JobParam, never>[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line, i) => {
      const m = /^([A-Za-z_]\w*)\s*(?::\s*(string|number|path|data|choice\[([^\]]*)\]))?\s*(?:=\s*(.*))?$/.exec(line)
      if (!m) throw new DraftError('params', `line ${i + 1}: write name:type=default (type: string, number, path, data, choice[a|b])`)
      const kind = m[2] ?? 'string'
      const choices =
        m[3] !== undefined
          ? m[3]
              .split('|')
              .map((c) => c.trim())
              .filter(Boolean)
          : []
      const def = m[4]?.trim()
      return {
        name: m[1]!,
        type: kind.startsWith('choice') ? 'choice' : kind === 'data' ? 'path' : (kind as JobParam['type']),
        ...(def ? { default: def } : {}),
        choices,
        isData: kind === 'data'
      }
    })
}

export function parseEnv(text: string, field: string): Record<string, string> {
  const out: Record<string, string> = {}
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const eq = line.indexOf('=')
      if (eq < 1) throw new DraftError(field, `line ${i + 1}: write NAME=value`)
      out[line.slice(0, eq).trim()] = line.slice(eq + 1)
    })
  return out
}

const num = (v: string, field: string): number | undefined => {
  if (!v.trim()) return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw new DraftError(field, `“${v}” is not a number`)
  return n
}

export function toInput(d: JobDraft, id?: number): JobDefinitionInput {
  const gate =
    d.gateMetric.trim() && (d.gateThreshold || d.gateMinAbs || d.gateMinRel)
      ? [
          {
            metric: d.gateMetric.trim(),
            ...(num(d.gateThreshold, 'gateThreshold') !== undefined ? { threshold: num(d.gateThreshold, 'gateThreshold')! } : {}),
            ...(num(d.gateMinAbs, 'gateMinAbs') !== undefined ? { minAbsoluteChange: num(d.gateMinAbs, 'gateMinAbs')! } : {}),
            ...(num(d.gateMinRel, 'gateMinRel') !== undefined ? { minRelativeChange: num(d.gateMinRel, 'gateMinRel')! / 100 } : {}),
            greaterIsBetter: !d.lowerIsBetter
          }
        ]
      : []
  return {
    ...(id ? { id } : {}),
    name: d.name.trim(),
    command: d.command.trim(),
    workingDir: d.workingDir.trim(),
    params: parseParams(d.params),
    env: parseEnv(d.env, 'env'),
    secretEnv: parseEnv(d.secretEnv, 'secretEnv'),
    timeoutSec: num(d.timeoutSec, 'timeoutSec') ?? 3600,
    retries: num(d.retries, 'retries') ?? 3,
    backoffSec: num(d.backoffSec, 'backoffSec') ?? 120,
    concurrency: num(d.concurrency, 'concurrency') ?? 1,
    output: d.output,
    artifactPath: d.artifactPath.trim() || 'model',
    ...(d.modelName.trim()
      ? {
          pipeline: {
            modelName: d.modelName.trim(),
            ...(d.holdoutPath.trim()
              ? {
                  evaluation: {
                    holdoutPath: d.holdoutPath.trim(),
                    labelColumn: d.labelColumn.trim(),
                    ...(d.predictionColumn.trim() ? { column: d.predictionColumn.trim() } : {})
                  }
                }
              : {}),
            gate,
            promoteTo: d.promoteTo
          }
        }
      : {})
  }
}

/** A stored definition back into the form (secrets stay blank: they are never sent back). */
export function fromDefinition(j: JobDefinition): JobDraft {
  const rule = j.pipeline?.gate[0]
  return {
    ...emptyDraft(),
    name: j.name,
    command: j.command,
    workingDir: j.workingDir,
    params: j.params
      .map(
        (p) =>
          `${p.name}:${p.isData ? 'data' : p.type === 'choice' ? `choice[${p.choices.join('|')}]` : p.type}${p.default !== undefined ? `=${p.default}` : ''}`
      )
      .join('\n'),
    env: Object.entries(j.env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    timeoutSec: String(j.timeoutSec),
    retries: String(j.retries),
    backoffSec: String(j.backoffSec),
    concurrency: String(j.concurrency),
    output: j.output,
    artifactPath: j.artifactPath,
    modelName: j.pipeline?.modelName ?? '',
    holdoutPath: j.pipeline?.evaluation?.holdoutPath ?? '',
    labelColumn: j.pipeline?.evaluation?.labelColumn ?? 'label',
    predictionColumn: j.pipeline?.evaluation?.column ?? '',
    gateMetric: rule?.metric ?? 'accuracy',
    gateThreshold: rule?.threshold !== undefined ? String(rule.threshold) : '',
    gateMinAbs: rule?.minAbsoluteChange !== undefined ? String(rule.minAbsoluteChange) : '',
    gateMinRel: rule?.minRelativeChange !== undefined ? String(rule.minRelativeChange * 100) : '',
    lowerIsBetter: rule ? !rule.greaterIsBetter : false,
    promoteTo: j.pipeline?.promoteTo ?? 'champion'
  }
}
