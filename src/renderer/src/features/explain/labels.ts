import { ALGORITHM_LABELS, type ExplanationSummary } from '../../../../shared/contract/explain'

/** What the explanation is of: "churn v2 · TreeSHAP, path-dependent · 2,000 rows". */
export const describe = (e: ExplanationSummary): string =>
  `${e.versionLabel ?? e.modelSource} · ${ALGORITHM_LABELS[e.algorithm]} · ${e.rows.toLocaleString('en-US')} rows`

export const shortHash = (h: string | null): string => (h ? h.slice(0, 12) : '—')
