import { describe, expect, it } from 'vitest'
import { describePermission } from './permissionText'

describe('permissions in words', () => {
  it('names what each permission allows and how risky it is', () => {
    expect(describePermission('health:read')).toEqual({ title: 'Read your services and their checks', risk: 'low' })
    expect(describePermission('net:https://api.example.com').title).toBe('Send requests to https://api.example.com (through the console)')
    expect(describePermission('fs:read:/srv/reports')).toEqual({ title: 'Read the files in /srv/reports', risk: 'high' })
    expect(describePermission('mystery').risk).toBe('high')
  })
})
