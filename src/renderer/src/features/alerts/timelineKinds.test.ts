import { describe, expect, it } from 'vitest'
import { timelineKind } from './timelineKinds'

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
