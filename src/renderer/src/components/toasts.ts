/** An in-app notification: shown for a while, clickable when it has a route. */
export interface Toast {
  id: number
  title: string
  body: string
  route?: string | undefined
  /** firing: danger colour and a siren; resolved: success colour and a check mark; info: accent. */
  tone?: ToastTone | undefined
}

export type ToastTone = 'firing' | 'resolved' | 'info'

const LOOKS: Record<ToastTone, { className: string; icon: string; label: string }> = {
  firing: { className: 'toast-firing', icon: '▲', label: 'Firing' },
  resolved: { className: 'toast-resolved', icon: '✓', label: 'Resolved' },
  info: { className: 'toast-info', icon: 'i', label: 'Notice' }
}

/** The class, icon and spoken label a toast gets from its tone (no tone: the firing look, as before tones existed). */
export const toastLook = (tone: ToastTone | undefined) => LOOKS[tone ?? 'firing']

export const MAX_TOASTS = 4

/** Newest on top; beyond MAX_TOASTS the oldest go. */
export const pushToast = (list: Toast[], t: Toast): Toast[] => [t, ...list].slice(0, MAX_TOASTS)
export const dropToast = (list: Toast[], id: number): Toast[] => list.filter((t) => t.id !== id)

export type NotifyWay = 'browser' | 'toast'

/**
 * Where a pushed desktop notification goes. In the app (IPC) the main process already shows a native one,
 * so the window adds a toast only; in a browser, a system notification when permitted, else a toast.
 */
export function notifyWay(transport: 'ipc' | 'http', permission: NotificationPermission | 'unsupported'): NotifyWay {
  return transport === 'http' && permission === 'granted' ? 'browser' : 'toast'
}
