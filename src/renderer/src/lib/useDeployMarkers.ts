import type { DeployMarker } from '../../../shared/contract'
import { useChannel } from './queries'

const NONE: DeployMarker[] = []

/** Deploy markers in [from, to] (of one service, or all); an empty list while loading or when the range is empty. */
export function useDeployMarkers(from: number | undefined, to: number | undefined, serviceId?: number): DeployMarker[] {
  const ok = from !== undefined && to !== undefined && to > from
  const q = useChannel(
    'testing:deploys',
    { from: Math.floor(from ?? 0), to: Math.ceil(to ?? 0), ...(serviceId !== undefined ? { serviceId } : {}) },
    { enabled: ok, staleTime: 30_000 }
  )
  return ok ? (q.data ?? NONE) : NONE
}
