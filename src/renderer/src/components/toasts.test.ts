import { describe, expect, it } from 'vitest'
import { dropToast, MAX_TOASTS, notifyWay, pushToast, toastLook, type Toast } from './toasts'

const t = (id: number): Toast => ({ id, title: `t${id}`, body: '' })

describe('toasts', () => {
  it('stacks newest first and keeps at most MAX_TOASTS', () => {
    let list: Toast[] = []
    for (let i = 1; i <= MAX_TOASTS + 2; i++) list = pushToast(list, t(i))
    expect(list.map((x) => x.id)).toEqual([6, 5, 4, 3])
    expect(dropToast(list, 5).map((x) => x.id)).toEqual([6, 4, 3])
  })
  it('uses the browser only in serve mode with permission; the app shows toasts beside its native notification', () => {
    expect(notifyWay('http', 'granted')).toBe('browser')
    expect(notifyWay('http', 'default')).toBe('toast')
    expect(notifyWay('http', 'denied')).toBe('toast')
    expect(notifyWay('http', 'unsupported')).toBe('toast')
    expect(notifyWay('ipc', 'granted')).toBe('toast')
  })
  it('a resolved toast looks resolved: its own class and a check mark, not the firing look', () => {
    expect(toastLook('resolved')).toMatchObject({ className: 'toast-resolved', icon: '✓', label: 'Resolved' })
    expect(toastLook('firing').className).toBe('toast-firing')
    expect(toastLook('resolved').className).not.toBe(toastLook('firing').className)
    expect(toastLook(undefined)).toEqual(toastLook('firing'))
  })
})
