import { KIND_LABELS, OPSGENIE_KIND, type ChannelKind } from './channelDraft'

const PATHS: Record<ChannelKind, string> = {
  desktop: 'M2 3h12v8H2z M6 14h4 M8 11v3',
  email: 'M2 4h12v8H2z M2 4l6 5 6-5',
  slack: 'M6 2v12 M10 2v12 M2 6h12 M2 10h12',
  pagerduty: 'M4 14V2h5a3.5 3.5 0 0 1 0 7H4',
  webhook: 'M5 11a3 3 0 1 1 3-5 M11 11H6 M11 11a3 3 0 1 0-1-5L8 3',
  opsgenie: 'M8 2a4 4 0 0 1 4 4v4l1.5 2h-11L4 10V6a4 4 0 0 1 4-4 M6.5 14h3'
}

/** The channel kind as a small line icon and its name. */
/** Extension channels (`ext:<id>/<kind>`) show a puzzle piece and their kind. */
const EXTENSION_PATH = 'M3 5h3a2 2 0 1 1 4 0h3v3a2 2 0 1 1 0 4v2H3z'

export function ChannelKindIcon({ kind, withLabel = true }: { kind: ChannelKind | `ext:${string}`; withLabel?: boolean }) {
  const builtin = kind === OPSGENIE_KIND ? 'opsgenie' : kind.startsWith('ext:') ? null : (kind as ChannelKind)
  return (
    <span className={`kind-icon kind-${builtin ?? 'extension'}`}>
      <svg
        width="16"
        height="16"
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <path d={builtin ? PATHS[builtin] : EXTENSION_PATH} />
      </svg>
      {withLabel && <span>{builtin ? KIND_LABELS[builtin] : kind}</span>}
    </span>
  )
}
