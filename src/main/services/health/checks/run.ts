// Entry point for the poller: validate, dispatch by kind, never throw.
import { performance } from 'node:perf_hooks'
import { runDnsCheck } from './dns'
import { describeFailure } from './failures'
import { roundMs } from '../../../../shared/health/format'
import { runHttpCheck } from './http'
import { runTcpCheck } from './tcp'
import { runTlsCheck } from './tls'
import {
  CheckConfigSchema,
  describeConfigError,
  type CheckConfigInput,
  type CheckOutcome,
  type ExtCheckConfig
} from '../../../../shared/health/types'

/** Runs `ext:<extension id>/<kind>` checks (the extensions area registers it through the healthCheckKinds port). */
export type ExtCheckRunner = (c: ExtCheckConfig, signal?: AbortSignal) => Promise<CheckOutcome>

/** The poller hands the same config object to every run: validate it once. */
const validated = new WeakMap<object, ReturnType<typeof CheckConfigSchema.safeParse>>()

function validate(cfg: CheckConfigInput): ReturnType<typeof CheckConfigSchema.safeParse> {
  if (typeof cfg !== 'object' || cfg === null) return CheckConfigSchema.safeParse(cfg)
  let parsed = validated.get(cfg)
  if (!parsed) validated.set(cfg, (parsed = CheckConfigSchema.safeParse(cfg)))
  return parsed
}

/** Runs one check. Invalid configs, cancellation and unexpected errors all come back as DOWN outcomes. */
export async function runCheck(cfg: CheckConfigInput, signal?: AbortSignal, ext?: ExtCheckRunner): Promise<CheckOutcome> {
  const started = performance.now()
  const parsed = validate(cfg)
  if (!parsed.success) {
    return { status: 'DOWN', latencyMs: 0, error: `invalid check: ${describeConfigError(parsed.error)}`, errorKind: 'config' }
  }
  if (signal?.aborted) return { status: 'DOWN', latencyMs: 0, error: 'check cancelled', errorKind: 'cancelled' }
  const deps = signal ? { signal } : {}
  try {
    const c = parsed.data
    switch (c.kind) {
      case 'http':
        return await runHttpCheck(c, deps)
      case 'tcp':
        return await runTcpCheck(c, deps)
      case 'dns':
        return await runDnsCheck(c, deps)
      case 'tls':
        return await runTlsCheck(c, deps)
      default:
        if (!ext) return { status: 'DOWN', latencyMs: 0, error: `no extension runs ${c.kind}: install or enable it`, errorKind: 'config' }
        return await ext(c, signal)
    }
  } catch (err) {
    const failure = describeFailure(err)
    return { status: 'DOWN', latencyMs: roundMs(performance.now() - started), error: `internal error: ${failure.error}` }
  }
}
