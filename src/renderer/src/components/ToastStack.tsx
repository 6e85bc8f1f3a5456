import { useEffect, useRef } from 'react'
import { toastLook, type Toast } from './toasts'

const SHOW_MS = 8000

function ToastItem({ toast, onOpen, onClose }: { toast: Toast; onOpen: () => void; onClose: () => void }) {
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    const timer = setTimeout(() => close.current(), SHOW_MS)
    return () => clearTimeout(timer)
  }, [])
  const look = toastLook(toast.tone)
  return (
    <div className={`toast ${look.className}${toast.route ? ' clickable' : ''}`} role="status">
      <span className="toast-icon" role="img" aria-label={look.label}>
        {look.icon}
      </span>
      <button type="button" className="toast-main" onClick={onOpen} disabled={!toast.route}>
        <strong>{toast.title}</strong>
        {toast.body && <span>{toast.body}</span>}
      </button>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={onClose}>
        ×
      </button>
    </div>
  )
}

/** Notifications in the corner of the window; each leaves by itself after a few seconds. */
export function ToastStack({ toasts, onOpen, onClose }: { toasts: Toast[]; onOpen: (t: Toast) => void; onClose: (id: number) => void }) {
  return (
    <div className="toast-stack" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} onOpen={() => onOpen(t)} onClose={() => onClose(t.id)} />
      ))}
    </div>
  )
}
