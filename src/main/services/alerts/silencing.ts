/** Silences: label matchers (Alertmanager semantics) that hold notifications back until they expire. */
import type { z } from 'zod'
import type { SilenceInput } from '../../../shared/contract'
import { invalid, notFound } from '../../../shared/errors'
import type { AlertParts } from './parts'
import { isActiveSilence, matches, validRegex } from './silences'

export class AlertSilences {
  constructor(private parts: AlertParts) {}

  list(includeExpired: boolean) {
    const { deps, repo } = this.parts
    const now = deps.clock.now()
    const open = repo.openAlerts().map((a) => JSON.parse(a.labels) as Record<string, string>)
    return repo
      .silences()
      .filter((s) => includeExpired || s.endsAt > now)
      .map((s) => ({ ...s, active: isActiveSilence(s, now), matching: open.filter((l) => matches(s.matchers, l)).length }))
      .sort((a, b) => Number(b.active) - Number(a.active) || b.endsAt - a.endsAt)
  }

  create(s: z.output<typeof SilenceInput>): { id: number } {
    const now = this.parts.deps.clock.now()
    s.matchers.forEach((m, i) => {
      if ((m.op === '=~' || m.op === '!~') && !validRegex(m.value))
        throw invalid(`matchers[${i}].value`, 'is not a valid regular expression')
    })
    if (s.endsAt <= now) throw invalid('endsAt', 'must be in the future')
    const id = this.parts.repo.insertSilence(s.matchers, s.startsAt ?? now, s.endsAt, s.comment, s.createdBy, now)
    this.parts.changes.config()
    return { id }
  }

  expire(id: number): { id: number } {
    if (!this.parts.repo.expireSilence(id, this.parts.deps.clock.now())) throw notFound(`silence ${id}`)
    this.parts.changes.config()
    return { id }
  }
}
