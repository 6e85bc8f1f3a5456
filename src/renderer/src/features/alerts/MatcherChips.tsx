import { matcherText, type MatcherDraft } from './silenceDraft'

/** A silence's matchers as chips. */
export function MatcherChips({ matchers }: { matchers: MatcherDraft[] }) {
  return (
    <span className="chips">
      {matchers.map((m, i) => (
        <span key={i} className="tag">
          {matcherText(m)}
        </span>
      ))}
    </span>
  )
}
