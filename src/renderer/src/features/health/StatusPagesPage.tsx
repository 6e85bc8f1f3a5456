import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { ConfirmButton } from '../../components/ConfirmButton'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { transportName } from '../../lib/client'
import { useChannel, useCommand } from '../../lib/queries'
import { ServicesTabs } from './ServicesTabs'
import { StatusNotes } from './StatusNotes'
import { publicUrl } from './statusPageDraft'
import { StatusPageForm } from './StatusPageForm'

type Page = ChannelOutput<'statusPages:list'>[number]

/** Public status pages: what they show, their addresses, their incident notes; create and edit them. */
export function StatusPagesPage() {
  const pages = useChannel('statusPages:list')
  const remove = useCommand('statusPages:delete', ['statusPages:list'])
  const [editing, setEditing] = useState<Page | undefined>()
  const origin = transportName() === 'http' ? window.location.origin : null
  return (
    <div className="page">
      <PageHeader
        title="Status pages"
        subtitle="Read-only public pages for chosen services: state, 90 days of daily uptime and your incident notes. In serve mode anyone can open them without the token; nothing else is shown."
      />
      <ServicesTabs current="status" />
      {pages.isPending && <Loading what="status pages" />}
      {pages.error && <ErrorNotice error={pages.error} />}
      {remove.error && <ErrorNotice error={remove.error} title="Could not delete the page" />}
      {pages.data?.length === 0 && (
        <EmptyState title="No status pages">Create one below: give it a title and pick the services your users should see.</EmptyState>
      )}
      {pages.data?.map((p) => (
        <section key={p.id} className="card status-page-card" aria-label={`Status page ${p.title}`}>
          <div className="card-head">
            <h2>{p.title}</h2>
            <div className="row-actions">
              <button type="button" onClick={() => setEditing(p)}>
                Edit
              </button>
              <ConfirmButton
                className="danger"
                question={`Delete the status page “${p.title}” and its notes?`}
                onConfirm={() => remove.mutate({ id: p.id })}
              >
                Delete
              </ConfirmButton>
            </div>
          </div>
          <p>
            Public address:{' '}
            {origin ? (
              <a href={publicUrl(p.path, origin)} target="_blank" rel="noreferrer">
                {publicUrl(p.path, origin)}
              </a>
            ) : (
              <>
                <code>{p.path}</code>{' '}
                <span className="muted">
                  (served by <code>npm run serve</code>; the desktop app serves no public pages)
                </span>
              </>
            )}
          </p>
          {p.description && <p className="muted">{p.description}</p>}
          <p>
            Shows: {p.serviceNames.length ? p.serviceNames.join(', ') : <em>no service (all were deleted): edit the page to pick some</em>}
          </p>
          <StatusNotes page={p} />
        </section>
      ))}
      {editing ? (
        <StatusPageForm key={`edit-${editing.id}`} editing={editing} onDone={() => setEditing(undefined)} />
      ) : (
        <StatusPageForm key="new" />
      )}
    </div>
  )
}
