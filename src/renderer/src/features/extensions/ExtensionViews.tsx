import { useEffect, useRef } from 'react'
import { VIEW_SANDBOX } from '../../../../shared/extensionViews'
import { ErrorNotice, Loading } from '../../components/States'
import { call } from '../../lib/client'
import { useChannel } from '../../lib/queries'
import { attachViewBridge } from './viewBridge'

/**
 * The frame of one extension view: sandboxed without allow-same-origin (an opaque origin: no access to this page, its
 * storage or its cookies), its document served with a strict policy, which the `csp` attribute also requires.
 */
export function ViewFrame({
  url,
  csp,
  title,
  frameRef
}: {
  url: string
  csp: string
  title: string
  frameRef?: React.Ref<HTMLIFrameElement>
}) {
  return (
    <iframe
      ref={frameRef}
      className="extension-view"
      style={{ width: '100%', height: 280, border: '1px solid var(--border, #d0d5dd)', borderRadius: 6, background: '#fff' }}
      src={url}
      title={title}
      sandbox={VIEW_SANDBOX}
      // CSP Embedded Enforcement (Chromium): the frame loads only if its document carries this policy or a stricter one
      {...{ csp }}
      referrerPolicy="no-referrer"
      allow=""
      loading="lazy"
    />
  )
}

function ExtensionView({ id, view, title }: { id: string; view: string; title: string }) {
  // a fresh short-lived link each time the page opens; kept while it is open (a new link would reload the frame)
  const link = useChannel('extensions:view', { id, view }, { staleTime: Infinity, gcTime: 0, refetchOnWindowFocus: false })
  const frame = useRef<HTMLIFrameElement>(null)
  useEffect(
    () =>
      attachViewBridge(
        window,
        () => frame.current,
        (method, params) => call('extensions:viewCall', { id, view, method, params })
      ),
    [id, view]
  )
  return (
    <section className="card">
      <h2>{title}</h2>
      {link.isPending && <Loading what="the view" />}
      {link.error && <ErrorNotice error={link.error} title="The view cannot be shown" />}
      {link.data && <ViewFrame frameRef={frame} url={link.data.url} csp={link.data.csp} title={`${title} (extension view)`} />}
    </section>
  )
}

/** The views an extension contributes, each in its own sandboxed frame. */
export function ExtensionViews({ id, views }: { id: string; views: { name: string; title: string }[] }) {
  return (
    <>
      {views.map((v) => (
        <ExtensionView key={v.name} id={id} view={v.name} title={v.title} />
      ))}
    </>
  )
}
