/** Deploy markers from a form, the API or CI (a deploy token on /api/hooks/deploys); each may queue a verification. */
import type { z } from 'zod'
import type { DeployHookInput, DeployInput, DeployMarker } from '../../../../shared/contract/testing'
import { invalid, notFound } from '../../../../shared/errors'
import type { TestingContext } from '../context'
import type { DeployRepo } from '../repos/deploys'
import type { Suites } from './suites'

export class Deploys {
  constructor(
    private ctx: TestingContext,
    private repo: DeployRepo,
    private suites: Suites
  ) {}

  list(from: number, to: number, serviceId?: number): DeployMarker[] {
    if (to < from) throw invalid('to', 'must not be before from')
    return this.repo.deploys(from, to, serviceId ?? null).map((d) => ({
      id: d.id,
      serviceId: d.service_id,
      serviceName: this.ctx.health.service(d.service_id)?.name ?? null,
      version: d.version,
      at: d.at,
      link: d.link,
      source: d.source,
      note: d.note,
      failed: d.failed === 1,
      verification: d.run_id === null ? null : { runId: d.run_id, state: d.run_state!, verdict: d.run_verdict as 'pass' | 'fail' | null }
    }))
  }

  create(
    input: Omit<z.output<typeof DeployInput>, 'source'>,
    source: 'form' | 'api' | 'webhook',
    failed = false
  ): { id: number; verificationRunId: number | null } {
    if (!this.ctx.health.service(input.serviceId)) throw invalid('serviceId', `service ${input.serviceId} does not exist`)
    const now = this.ctx.clock.now()
    const row = {
      service_id: input.serviceId,
      version: input.version,
      at: input.at ?? now,
      link: input.link,
      source,
      note: input.note,
      failed: failed ? 1 : 0,
      created_at: now
    }
    const id = this.repo.insertDeploy(row)
    this.ctx.changed('deploy', id)
    // a deployment that failed put nothing out to verify
    const verificationRunId = failed ? null : this.suites.scheduleVerification({ id, ...row })
    return { id, verificationRunId }
  }

  /** CI names the service; a name used in several environments needs the environment too. */
  fromHook(input: z.output<typeof DeployHookInput>) {
    const named = this.ctx.health
      .services()
      .filter((s) => s.name === input.service && (!input.environment || s.environment === input.environment))
    if (named.length === 0)
      throw notFound(`service "${input.service}"${input.environment ? ` in ${input.environment}` : ''} (create it in Services first)`)
    if (named.length > 1)
      throw invalid(
        'environment',
        `several services are named "${input.service}" (${named.map((s) => s.environment).join(', ')}): give the environment`
      )
    const at = input.time === undefined ? undefined : typeof input.time === 'number' ? input.time : Date.parse(input.time)
    const r = this.create(
      {
        serviceId: named[0]!.id,
        version: input.version,
        ...(at !== undefined ? { at } : {}),
        link: input.link ?? null,
        note: input.note ?? ''
      },
      'webhook',
      input.failed ?? false
    )
    return { ...r, serviceId: named[0]!.id }
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteDeploy(id)
    if (deleted) this.ctx.changed('deploy', id)
    return { deleted }
  }

  exists(id: number): void {
    if (!this.repo.deploy(id)) throw notFound(`deploy ${id}`)
  }
}
