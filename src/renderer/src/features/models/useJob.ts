import { useEffect, useState } from 'react'
import type { EventPayload } from '../../../../shared/events'
import { subscribe } from '../../lib/client'

/** The latest job:progress of one job id. */
export function useJobProgress(jobId: string | null): EventPayload<'job:progress'> | null {
  const [p, setP] = useState<EventPayload<'job:progress'> | null>(null)
  useEffect(() => {
    setP(null)
    if (!jobId) return
    return subscribe('job:progress', (e) => {
      if (e.jobId === jobId) setP(e)
    })
  }, [jobId])
  return p
}

export const newJobId = (): string => `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
