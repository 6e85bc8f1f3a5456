/** How a timeline entry reads and which tone its dot has; unknown kinds read as themselves. */
const KINDS: Record<string, { label: string; tone: string }> = {
  pending: { label: 'Pending', tone: 'idle' },
  firing: { label: 'Firing', tone: 'down' },
  fired: { label: 'Firing', tone: 'down' },
  acknowledged: { label: 'Acknowledged', tone: 'accent' },
  snoozed: { label: 'Snoozed', tone: 'idle' },
  resolved: { label: 'Resolved', tone: 'up' },
  notified: { label: 'Notification', tone: 'accent' },
  notification: { label: 'Notification', tone: 'accent' },
  reminder: { label: 'Reminder', tone: 'warn' },
  silenced: { label: 'Silenced', tone: 'maint' },
  flapping: { label: 'Flapping', tone: 'warn' },
  maintenance: { label: 'Maintenance', tone: 'maint' },
  'notify-failed': { label: 'Notification failed', tone: 'down' },
  suppressed: { label: 'Not sent', tone: 'maint' },
  note: { label: 'Note', tone: 'idle' },
  comment: { label: 'Note', tone: 'accent' }
}

interface Entry {
  at: number
  kind: string
  detail: string
}

/** State changes and notifications, with people's notes woven in ("sam: failed over to the replica"), oldest first. */
export function incidentTimeline(events: Entry[], notes: { at: number; author: string; text: string }[]): Entry[] {
  const merged = [...events, ...notes.map((n) => ({ at: n.at, kind: 'comment', detail: `${n.author}: ${n.text}` }))]
  return merged.sort((a, b) => a.at - b.at)
}

export function timelineKind(kind: string): { label: string; tone: string } {
  const known = KINDS[kind]
  if (known) return known
  const words = kind.replace(/[_:.-]+/g, ' ').trim()
  return { label: words ? words[0]!.toUpperCase() + words.slice(1) : 'Event', tone: 'idle' }
}
