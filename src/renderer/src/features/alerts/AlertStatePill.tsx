/** pending / firing / resolved as a colored pill. */
export function AlertStatePill({ state }: { state: string }) {
  return <span className={`pill alert-${state}`}>{state}</span>
}
