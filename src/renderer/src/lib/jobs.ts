import { useCallback, useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { ChannelInput, ChannelName, ChannelOutput, JobStarted, JobState, JobView } from '../../../shared/contract'
import { ACTIVE_JOB_STATES } from '../../../shared/contract/jobs'
import { call, subscribe } from './client'

export const isActiveJob = (state: JobState | undefined): boolean => !!state && ACTIVE_JOB_STATES.includes(state)

/** One job, live: its row from `jobs:get`, then every `job:progress`; fetched again when it ends (result, error). */
export function useJob(jobId: string | null): JobView | null {
  const [view, setView] = useState<JobView | null>(null)
  useEffect(() => {
    setView(null)
    if (!jobId) return
    let alive = true
    const load = (): void =>
      void call('jobs:get', { id: jobId })
        .then((v) => alive && setView(v))
        .catch(() => undefined)
    const off = subscribe('job:progress', (p) => {
      if (p.jobId !== jobId) return
      setView((v) => (v ? { ...v, ...p } : v))
      if (!isActiveJob(p.state)) load()
    })
    load()
    return () => {
      alive = false
      off()
    }
  }, [jobId])
  return view
}

/** The commands that answer with a started job (derived from the contract: no list to keep). */
type JobChannel = { [C in ChannelName]: ChannelOutput<C> extends JobStarted ? C : never }[ChannelName]

/**
 * Start long work through a command that answers with a job, and follow it: `job` is live, `result` is the job's result
 * once done (typed by the caller), `error` is why the command or the job failed. The named queries are refreshed when it ends.
 */
export function useJobCommand<C extends JobChannel, R>(channel: C, invalidates: ChannelName[] = []) {
  const client = useQueryClient()
  const [jobId, setJobId] = useState<string | null>(null)
  const [refused, setRefused] = useState<unknown>(null)
  const job = useJob(jobId)
  const ended = useRef<string | null>(null)
  useEffect(() => {
    if (!job || isActiveJob(job.state) || ended.current === job.jobId) return
    ended.current = job.jobId
    for (const c of invalidates) void client.invalidateQueries({ queryKey: [c] })
  }, [job, client, invalidates])
  const start = useCallback(
    async (input: ChannelInput<C>): Promise<void> => {
      setRefused(null)
      setJobId(null)
      try {
        const started = (await call(channel, input)) as { jobId: string }
        setJobId(started.jobId)
      } catch (err) {
        setRefused(err)
      }
    },
    [channel]
  )
  const cancel = useCallback(() => {
    if (jobId) void call('jobs:cancel', { id: jobId })
  }, [jobId])
  const reset = useCallback(() => {
    setJobId(null)
    setRefused(null)
  }, [])
  const failed =
    job && (job.state === 'failed' || job.state === 'interrupted') ? new Error(job.error ?? `the job ended ${job.state}`) : null
  return {
    start,
    cancel,
    reset,
    job,
    running: jobId !== null && (job === null || isActiveJob(job.state)),
    result: job?.state === 'done' ? (job.result as R) : null,
    /** The command refused its input (with the field), or the job failed. */
    error: refused ?? failed,
    cancelled: job?.state === 'cancelled'
  }
}
