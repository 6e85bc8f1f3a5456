import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { FormProblems } from '../../components/FormProblems'
import { ErrorNotice } from '../../components/States'
import { submitChecked, useFormErrors } from '../../lib/formErrors'
import { formatTime } from '../../lib/format'
import { useCommand } from '../../lib/queries'

type Page = ChannelOutput<'statusPages:list'>[number]

/** A status page's incident notes (free text shown to the public), newest first, with a form to add one. */
export function StatusNotes({ page }: { page: Page }) {
  const [note, setNote] = useState({ title: '', body: '' })
  const add = useCommand('statusPages:addNote', ['statusPages:list'])
  const remove = useCommand('statusPages:deleteNote', ['statusPages:list'])
  const form = useFormErrors()
  return (
    <div className="status-notes">
      <h3>Incident notes</h3>
      {remove.error && <ErrorNotice error={remove.error} title="Could not delete the note" />}
      {page.notes.length === 0 && <p className="muted">No notes: the page says “No incidents reported”.</p>}
      <ul className="plain-list">
        {page.notes.map((n) => (
          <li key={n.id}>
            <strong>{n.title}</strong> <span className="muted">{formatTime(n.at)}</span>
            {n.body && <p>{n.body}</p>}
            <ConfirmButton
              className="danger small"
              question={`Delete the note “${n.title}”?`}
              onConfirm={() => remove.mutate({ id: n.id })}
            >
              Delete note
            </ConfirmButton>
          </li>
        ))}
      </ul>
      <form
        className="stacked-form"
        aria-label={`Add a note to ${page.title}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const input = { pageId: page.id, title: note.title.trim(), body: note.body.trim() }
          submitChecked(form, 'statusPages:addNote', input, ['title', 'body'], (onError) =>
            add.mutate(input, { onSuccess: () => setNote({ title: '', body: '' }), onError })
          )
        }}
      >
        <div className="form-row">
          <Field label="Note title" error={form.errorOf('title')} className="grow">
            <input
              value={note.title}
              onChange={(e) => {
                form.clear('title')
                setNote({ ...note, title: e.target.value })
              }}
              placeholder="Payments slow: investigating"
            />
          </Field>
        </div>
        <Field label="Details" error={form.errorOf('body')}>
          <textarea rows={2} value={note.body} onChange={(e) => setNote({ ...note, body: e.target.value })} />
        </Field>
        <FormProblems count={form.count} unplaced={form.unplaced} what="The note" />
        <div className="form-actions">
          <button type="submit" disabled={add.isPending}>
            Add note
          </button>
        </div>
      </form>
    </div>
  )
}
