/** What a check requires of an answer, in words, for its service page: status codes, keyword and conditions. */
export interface CheckRule {
  label: string
  text: string
  /** Shown as code (a condition as written). */
  code?: boolean
}

export function checkRules(config: Record<string, unknown>): CheckRule[] {
  const rules: CheckRule[] = []
  if (config.kind === 'http') {
    const accepted = Array.isArray(config.acceptedStatus) ? config.acceptedStatus.map(String) : []
    if (accepted.length) rules.push({ label: 'Accepted status', text: accepted.join(', ') })
    if (typeof config.keyword === 'string')
      rules.push({ label: 'Keyword', text: `“${config.keyword}” must be ${config.keywordMode === 'absent' ? 'absent' : 'present'}` })
  }
  if (config.kind === 'dns' && Array.isArray(config.expected) && config.expected.length)
    rules.push({ label: 'Expected answers', text: config.expected.map(String).join(', ') })
  if (config.kind === 'tls' && typeof config.warnDays === 'number')
    rules.push({ label: 'Certificate', text: `DEGRADED when it expires within ${config.warnDays} days` })
  const conditions = Array.isArray(config.conditions) ? config.conditions.map(String) : []
  for (const c of conditions) rules.push({ label: 'Condition', text: c, code: true })
  return rules
}
