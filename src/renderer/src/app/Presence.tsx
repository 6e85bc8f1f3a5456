import { useEffect } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { call } from '../lib/client'
import { useChannel } from '../lib/queries'
import { otherPeople, type Person } from './presenceModel'

/** This window's id among the open views (a new one per window or tab); getRandomValues works over plain HTTP too. */
export const CLIENT_ID = `v-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`
const BEAT_MS = 10_000

/** Tells the server this view is here and what it shows: at once, on each route change, every 10 s, and when it closes. */
export function usePresenceHeartbeat(route: string): void {
  const client = useQueryClient()
  useEffect(() => {
    let stopped = false
    const beat = (): void =>
      void call('presence:heartbeat', { clientId: CLIENT_ID, route })
        .then((list) => !stopped && client.setQueryData(['presence:list'], list))
        .catch(() => undefined) // presence is best effort: the page works without it
    beat()
    const timer = setInterval(beat, BEAT_MS)
    const leave = (): void => void call('presence:heartbeat', { clientId: CLIENT_ID, route, leaving: true }).catch(() => undefined)
    window.addEventListener('pagehide', leave)
    return () => {
      stopped = true
      clearInterval(timer)
      window.removeEventListener('pagehide', leave)
    }
  }, [route, client])
}

const usePeople = (route?: string): Person[] => {
  const list = useChannel('presence:list', undefined, { refetchInterval: 30_000 })
  return list.data ? otherPeople(list.data.viewers, CLIENT_ID, route) : []
}

/** The top bar's avatars: everyone else with the workspace open, and where. */
export function PresenceAvatars() {
  const people = usePeople()
  if (people.length === 0) return null
  return (
    <ul className="presence-avatars" aria-label="Also in this workspace" data-testid="presence-avatars">
      {people.slice(0, 6).map((p) => (
        <li key={p.key} className="avatar" title={`${p.name} — ${p.routes.join(', ')}`} aria-label={`${p.name}, on ${p.routes.join(', ')}`}>
          {p.initials}
        </li>
      ))}
      {people.length > 6 && <li className="avatar more">+{people.length - 6}</li>}
    </ul>
  )
}

/** "Also here: …" above a page that someone else has open too. */
export function AlsoHere({ route }: { route: string }) {
  const people = usePeople(route)
  if (people.length === 0) return null
  return (
    <p className="also-here" role="status" data-testid="also-here">
      <span className="presence-avatars inline">
        {people.map((p) => (
          <span key={p.key} className="avatar" aria-hidden="true">
            {p.initials}
          </span>
        ))}
      </span>
      Also here: {people.map((p) => p.name).join(', ')}
    </p>
  )
}
