export interface Matcher {
  label: string
  op: '=' | '!=' | '=~' | '!~'
  value: string
}

export interface Silence {
  id: number
  matchers: Matcher[]
  startsAt: number
  endsAt: number
}

const regexCache = new Map<string, RegExp | null>()
function anchored(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(`^(?:${pattern})$`))
    } catch {
      regexCache.set(pattern, null)
    }
  }
  return regexCache.get(pattern)!
}

/** Alertmanager semantics: every matcher must hold; a missing label is the empty string; regexes are anchored. */
export function matches(matchers: Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => {
    const v = labels[m.label] ?? ''
    switch (m.op) {
      case '=':
        return v === m.value
      case '!=':
        return v !== m.value
      case '=~':
        return anchored(m.value)?.test(v) ?? false
      case '!~':
        return !(anchored(m.value)?.test(v) ?? false)
    }
  })
}

export const isActiveSilence = (s: Silence, now: number): boolean => now >= s.startsAt && now < s.endsAt

export function silencedBy(silences: Silence[], labels: Record<string, string>, now: number): Silence | undefined {
  return silences.find((s) => isActiveSilence(s, now) && matches(s.matchers, labels))
}

export function validRegex(pattern: string): boolean {
  return anchored(pattern) !== null
}
