import type { ReactNode } from 'react'
import type { SliceResult } from '../../../../shared/contract/experiments'
import { formatUnits } from './format'
import { useExperimentsUi } from './store'

/**
 * The sample-ratio mismatch banner, on every view of results: the split of units differs from the configured weights
 * (chi-square p < 0.001), so assignment or logging is broken and no figure can be trusted. The figures stay hidden
 * until the reader says they understand.
 */
export function SrmGate({
  experimentId,
  srm,
  names,
  weights,
  children
}: {
  experimentId: number
  srm: SliceResult['srm'] | null | undefined
  names: string[]
  weights: number[]
  children: ReactNode
}) {
  const { srmAcknowledged, set } = useExperimentsUi()
  if (!srm || srm.status !== 'mismatch') return <>{children}</>
  const seen = srmAcknowledged.includes(experimentId)
  return (
    <>
      <div className="notice notice-error srm-banner" role="alert">
        <strong>Sample ratio mismatch: these results cannot be trusted</strong>
        <p>
          Units per variation: {srm.units.map((u, i) => `${names[i]}: ${formatUnits(u)}`).join(' · ')}. The configured split (
          {weights.map((w) => `${Math.round(w * 1000) / 10} %`).join(' / ')}) expects {srm.expected.map((e) => formatUnits(e)).join(' / ')};
          the difference is far beyond chance (chi-square = {srm.chiSquare.toFixed(1)}, p = {srm.pValue.toExponential(2)}, threshold 0.001).
          Look for a bug in assignment, redirects, bots or exposure logging before reading any figure.
        </p>
        {!seen && (
          <button type="button" onClick={() => set({ srmAcknowledged: [...srmAcknowledged, experimentId] })}>
            I understand; show the figures anyway
          </button>
        )}
      </div>
      {seen && children}
    </>
  )
}
