import { describe, expect, it } from 'vitest'
import { incidentTimeline, timelineKind } from './timelineKinds'

describe('timelineKind', () => {
  it('names the lifecycle steps with their tone', () => {
    expect(timelineKind('firing')).toEqual({ label: 'Firing', tone: 'down' })
    expect(timelineKind('resolved')).toEqual({ label: 'Resolved', tone: 'up' })
    expect(timelineKind('silenced').tone).toBe('maint')
    expect(timelineKind('notify-failed')).toEqual({ label: 'Notification failed', tone: 'down' })
  })
  it('reads unknown kinds as words', () => {
    expect(timelineKind('escalation_step')).toEqual({ label: 'Escalation step', tone: 'idle' })
    expect(timelineKind('')).toEqual({ label: 'Event', tone: 'idle' })
  })
})

describe('incidentTimeline', () => {
  it('weaves notes between state changes and notifications, oldest first, with their author', () => {
    const events = [
      { at: 10, kind: 'firing', detail: 'db down' },
      { at: 30, kind: 'notified', detail: 'trigger via hook (1 attempt)' }
    ]
    const merged = incidentTimeline(events, [{ at: 20, author: 'sam', text: 'looking' }])
    expect(merged.map((e) => e.kind)).toEqual(['firing', 'comment', 'notified'])
    expect(merged[1]).toEqual({ at: 20, kind: 'comment', detail: 'sam: looking' })
    expect(timelineKind('comment').label).toBe('Note')
  })
})
