/** Feature references (`view:feature`, `view@v2:feature`), shared by main and renderer. */

export interface FeatureRef {
  view: string
  /** null: the view's current version. */
  version: number | null
  feature: string
}

const REF = /^([A-Za-z_][A-Za-z0-9_]*)(?:@v(\d{1,6}))?:([A-Za-z_][A-Za-z0-9_]*)$/

/** Parses `view:feature` or `view@v2:feature`; null when the text is not a reference. */
export function parseFeatureRef(text: string): FeatureRef | null {
  const m = REF.exec(text.trim())
  if (!m) return null
  return { view: m[1]!, version: m[2] === undefined ? null : Number(m[2]), feature: m[3]! }
}

export const formatFeatureRef = (r: FeatureRef): string => `${r.view}${r.version === null ? '' : `@v${r.version}`}:${r.feature}`
