import { useState } from 'react'
import { transportName } from '../../lib/client'

const supported = (): boolean => typeof window !== 'undefined' && 'Notification' in window

/** In a browser, asks for permission to show desktop notifications; the app shows native ones by itself. */
export function NotificationPermissionButton() {
  const [permission, setPermission] = useState(() => (supported() ? Notification.permission : 'unsupported'))
  if (transportName() === 'ipc') return <span className="muted small">Desktop notifications are shown natively by the app.</span>
  if (permission === 'unsupported')
    return <span className="muted small">This browser cannot show desktop notifications; they appear as toasts in the console.</span>
  if (permission === 'granted') return <span className="ok-text small">✓ Browser notifications allowed</span>
  if (permission === 'denied')
    return (
      <span className="muted small">Browser notifications are blocked for this site: they appear as toasts in the console instead.</span>
    )
  return (
    <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
      Allow browser notifications
    </button>
  )
}
