import { useCallback, useEffect, useRef, useState } from 'react'
import type { EventPayload } from '../../../shared/events'
import { ToastStack } from '../components/ToastStack'
import { dropToast, notifyWay, pushToast, type Toast } from '../components/toasts'
import { subscribe, transportName } from '../lib/client'
import { navigate } from './router'
import { noticeShows, notificationPreference } from '../lib/auth'

const permission = (): NotificationPermission | 'unsupported' => ('Notification' in window ? Notification.permission : 'unsupported')
const open = (route: string | undefined): void => {
  if (route) navigate(route.replace(/^#/, ''))
}

/** Shows pushed 'notify:desktop' events: a browser notification in serve mode when allowed, else an in-app toast. */
export function Notifier() {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)
  useEffect(
    () =>
      subscribe('notify:desktop', (p: EventPayload<'notify:desktop'>) => {
        if (!noticeShows(notificationPreference(), p.tone)) return
        if (notifyWay(transportName(), permission()) === 'browser') {
          const n = new Notification(p.title, { body: p.body, tag: p.route ?? p.title })
          n.onclick = () => (window.focus(), open(p.route), n.close())
          return
        }
        setToasts((list) => pushToast(list, { id: nextId.current++, ...p }))
      }),
    []
  )
  const close = useCallback((id: number) => setToasts((list) => dropToast(list, id)), [])
  const openToast = useCallback((t: Toast) => (open(t.route), close(t.id)), [close])
  return <ToastStack toasts={toasts} onOpen={openToast} onClose={close} />
}
