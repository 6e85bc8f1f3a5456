import type { ChannelOutput } from '../../../../shared/contract'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useCommand } from '../../lib/queries'
import { MatcherChips } from './MatcherChips'

type Silence = ChannelOutput<'alerts:silences'>[number]

const stateOf = (s: Silence, now: number): 'active' | 'pending' | 'expired' =>
  s.active ? 'active' : s.startsAt > now ? 'pending' : 'expired'

/** Silences with their matchers, window, how many alerts they hold back, and Expire. */
export function SilencesTable({ silences }: { silences: Silence[] }) {
  const expire = useCommand('alerts:expireSilence', ['alerts:silences', 'alerts:list', 'alerts:get'])
  const now = Date.now()
  return (
    <>
      {expire.error && <ErrorNotice error={expire.error} title="Could not expire the silence" />}
      <div className="table-scroll">
        <table className="table silences-table">
          <thead>
            <tr>
              <th>Matchers</th>
              <th>State</th>
              <th>Starts</th>
              <th>Ends</th>
              <th className="num">Matching alerts</th>
              <th>Comment</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {silences.map((s) => {
              const state = stateOf(s, now)
              return (
                <tr key={s.id} className={state === 'expired' ? 'row-disabled' : ''}>
                  <td>
                    <MatcherChips matchers={s.matchers} />
                  </td>
                  <td>
                    <span className={`pill silence-${state}`}>{state}</span>
                  </td>
                  <td className="nowrap">{formatTime(s.startsAt)}</td>
                  <td className="nowrap">{formatTime(s.endsAt)}</td>
                  <td className="num">{s.matching}</td>
                  <td className="wrap">{s.comment || <span className="muted">—</span>}</td>
                  <td>{s.createdBy || <span className="muted">—</span>}</td>
                  <td className="num">
                    {state !== 'expired' && (
                      <ConfirmButton
                        className="danger"
                        disabled={expire.isPending}
                        question="End this silence now? Matching alerts notify again."
                        onConfirm={() => expire.mutate({ id: s.id })}
                      >
                        Expire
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}
