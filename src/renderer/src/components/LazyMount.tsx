import { useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * Mounts its children once they scroll near the viewport, and keeps them. A grid of a thousand cards then
 * creates chart instances only for the cards someone looks at.
 */
export function LazyMount({ children, height }: { children: ReactNode; height: number }) {
  const ref = useRef<HTMLDivElement>(null)
  const [seen, setSeen] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (!el || seen) return
    if (typeof IntersectionObserver === 'undefined') return setSeen(true)
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), { rootMargin: '200px' })
    io.observe(el)
    return () => io.disconnect()
  }, [seen])
  return (
    <div ref={ref} style={{ minHeight: height }}>
      {seen ? children : null}
    </div>
  )
}
