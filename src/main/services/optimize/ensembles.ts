/** Ensembles of registered versions from their holdout predictions: weights fitted on even rows, evaluated on odd rows. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { EnsembleDetail, EnsembleInput, EnsembleMethod, EnsembleSummary } from '../../../shared/contract/optimize'
import { ENSEMBLE_METHODS } from '../../../shared/contract/optimize'
import { AppError, invalid, notFound } from '../../../shared/errors'
import type { EvalOutput, EvalSpec, ModelRegistryPort, ModelsEvalPort } from '../models/api'
import { caruana, combine, logLossBinary, nnls, pick, rmseLoss, splitRows, type Columns } from './ensembleMath'

type Input = Required<Pick<EnsembleInput, 'method' | 'rounds' | 'resamples'>> & EnsembleInput

export interface EnsembleHooks {
  signal?: AbortSignal | undefined
  progress(done: number, total: number, message: string): void
}

export interface BuiltEnsemble {
  summary: Omit<EnsembleSummary, 'id' | 'createdAt' | 'registeredVersionId'>
  detail: Omit<EnsembleDetail, 'summary'>
  weights: Record<EnsembleMethod, number[]>
  pValue: number | null
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))
const ENS_ID: Record<EnsembleMethod, number> = { average: -1, nnls: -2, caruana: -3 }
const METHOD_LABEL: Record<EnsembleMethod, string> = {
  average: 'simple average',
  nnls: 'NNLS weights',
  caruana: 'Caruana selection'
}

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** Reads the members' predictions, fits the three weightings on the fit rows and evaluates everything on the others. */
export async function buildEnsemble(
  input: Input,
  deps: { evalPort: ModelsEvalPort; registry: Pick<ModelRegistryPort, 'version'> | null },
  hooks: EnsembleHooks
): Promise<BuiltEnsemble> {
  const labels = input.members.map((m, i) => {
    const v = deps.registry?.version(m.versionId)
    if (deps.registry && !v) throw invalid(`members.${i}.versionId`, `there is no version with id ${m.versionId}`)
    return { label: v ? `${v.modelName} v${v.version}` : `version ${m.versionId}`, champion: v?.aliases.includes('champion') ?? false }
  })
  const dup = input.members.findIndex((m, i) => input.members.findIndex((o) => o.versionId === m.versionId) !== i)
  if (dup >= 0) throw invalid(`members.${dup}.versionId`, 'this version is in the ensemble twice')
  const classify = input.task === 'classification'
  const evalHooks = { signal: hooks.signal, progress: hooks.progress, tick }
  const spec: EvalSpec = {
    task: input.task,
    holdoutPath: input.holdoutPath,
    labelColumn: input.labelColumn,
    idColumn: input.idColumn || undefined,
    positiveLabel: input.positiveLabel || undefined,
    predictions: input.members.map((m, i) => ({
      versionId: m.versionId,
      label: labels[i]!.label,
      path: m.path,
      ...(classify ? { scoreColumn: m.column } : { column: m.column })
    })),
    resamples: input.resamples,
    seed: 17,
    confidence: 0.95,
    calibrationBins: 10
  }
  const { truth, preds } = await deps.evalPort.align(spec, evalHooks)
  const n = truth.length
  if (n < 4) throw invalid('holdoutPath', `${input.holdoutPath} has ${n} rows; an ensemble needs at least 4 (half fit, half evaluate)`)
  let positive: string | undefined
  let y: Float64Array
  if (classify) {
    const classes = [...new Set(truth)].sort()
    if (classes.length !== 2)
      throw invalid(
        'labelColumn',
        `ensembles classify two classes by the positive class's probability; the holdout has ${classes.length} (${classes.slice(0, 5).join(', ')})`
      )
    positive = input.positiveLabel || classes[1]!
    if (!classes.includes(positive)) throw invalid('positiveLabel', `"${positive}" is not one of the classes (${classes.join(', ')})`)
    y = Float64Array.from(truth, (t) => (t === positive ? 1 : 0))
  } else {
    y = Float64Array.from(truth, Number)
  }
  const cols: Columns = preds.map((p, i) => {
    const v = p.score ?? (p.label ? Float64Array.from(p.label, Number) : null)
    const bad = v ? v.findIndex((x) => !Number.isFinite(x)) : 0
    if (!v || bad >= 0) throw invalid(`members.${i}.column`, `${labels[i]!.label}: prediction ${bad + 1} is not a finite number`)
    return v
  })
  const loss = classify ? logLossBinary : rmseLoss
  const lossKey = classify ? 'log_loss' : 'rmse'
  const { fit, evaluate: evalRows } = splitRows(n)
  const fitCols = cols.map((c) => pick(c, fit))
  const fitY = pick(y, fit)
  let nn = Array.from(nnls(fitCols, fitY))
  const sum = nn.reduce((s, w) => s + w, 0)
  // probabilities stay probabilities: the weights sum to 1
  if (classify) nn = sum > 0 ? nn.map((w) => w / sum) : nn.map(() => 1 / nn.length)
  const car = caruana(fitCols, fitY, loss, input.rounds)
  const weights: Record<EnsembleMethod, number[]> = {
    average: cols.map(() => 1 / cols.length),
    nnls: nn,
    caruana: Array.from(car.weights)
  }
  hooks.progress(0, 1, 'weights fitted; evaluating on the held-out rows')

  // the evaluation rows, every member and every ensemble, in one file the models area's evaluation reads
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-ensemble-'))
  const file = path.join(dir, 'evaluation.csv')
  try {
    const header = ['id', 'label', ...cols.map((_, j) => `m${j}`), ...ENSEMBLE_METHODS]
    const lines = [header.join(',')]
    const ens = ENSEMBLE_METHODS.map((m) => combine(cols, weights[m]))
    for (const r of evalRows)
      lines.push([String(r), csvCell(truth[r]!), ...cols.map((c) => String(c[r])), ...ens.map((e) => String(e[r]))].join(','))
    fs.writeFileSync(file, lines.join('\n') + '\n')
    const col = classify ? 'scoreColumn' : 'column'
    const out: EvalOutput = await deps.evalPort.evaluate(
      {
        ...spec,
        holdoutPath: file,
        labelColumn: 'label',
        idColumn: undefined,
        positiveLabel: positive,
        predictions: [
          ...cols.map((_, j) => ({ versionId: input.members[j]!.versionId, label: labels[j]!.label, [col]: `m${j}` })),
          ...ENSEMBLE_METHODS.map((m) => ({ versionId: ENS_ID[m], label: `ensemble (${METHOD_LABEL[m]})`, [col]: m }))
        ]
      },
      evalHooks
    )
    const lossOf = (versionId: number): number => {
      const v = out.versions.find((x) => x.versionId === versionId)!
      const m = v.metrics.find((x) => x.key === lossKey)
      if (m?.value == null) throw new AppError('INTERNAL', `the evaluation has no ${lossKey} for ${v.label}`)
      return m.value
    }
    const memberLoss = input.members.map((m) => lossOf(m.versionId))
    const aliased = labels.findIndex((l) => l.champion)
    const champ = aliased >= 0 ? aliased : memberLoss.indexOf(Math.min(...memberLoss))
    const ensembleLoss = lossOf(ENS_ID[input.method])
    const test = out.pairedTests.find(
      (t) =>
        (t.a === input.members[champ]!.versionId && t.b === ENS_ID[input.method]) ||
        (t.b === input.members[champ]!.versionId && t.a === ENS_ID[input.method])
    )
    const evaluated = out.versions.map((v) => {
      const method = ENSEMBLE_METHODS.find((m) => ENS_ID[m] === v.versionId)
      return {
        key: method ?? `v${v.versionId}`,
        label: v.label,
        kind: method ? ('ensemble' as const) : ('member' as const),
        metrics: v.metrics
      }
    })
    return {
      summary: {
        name: input.name,
        task: input.task,
        method: input.method,
        members: input.members.map((m, i) => ({ versionId: m.versionId, label: labels[i]!.label, champion: i === champ })),
        lossKey,
        ensembleLoss,
        championLoss: memberLoss[champ]!,
        championLabel: labels[champ]!.label,
        beatsChampion: ensembleLoss < memberLoss[champ]!
      },
      detail: {
        holdoutPath: input.holdoutPath,
        rows: n,
        fitRows: fit.length,
        evalRows: evalRows.length,
        rounds: input.rounds,
        weights,
        caruanaTrace: car.trace,
        evaluated,
        paired: test ? { method: test.method, pValue: test.pValue, detail: test.detail } : null,
        notes: out.notes
      },
      weights,
      pValue: test?.pValue ?? null
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export const ensembleNotFound = (id: number): AppError => notFound(`ensemble ${id}`)
