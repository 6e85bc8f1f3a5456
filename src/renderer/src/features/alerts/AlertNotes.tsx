import { useState } from 'react'
import type { ChannelOutput } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { contractErrors, useFormErrors } from '../../lib/formErrors'
import { useCommand } from '../../lib/queries'
import { useOperatorName } from './useOperatorName'

type Note = ChannelOutput<'alerts:get'>['notes'][number]

/** Notes on an incident (what was tried, who is on it), oldest first, and a form to add one. */
export function AlertNotes({ alertId, notes }: { alertId: number; notes: Note[] }) {
  const { name, setName, remember } = useOperatorName()
  const [text, setText] = useState('')
  const add = useCommand('alerts:addNote', ['alerts:get'])
  const form = useFormErrors()
  return (
    <section className="card alert-notes" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      {notes.length === 0 ? (
        <p className="muted">No notes yet. Write what you found or tried, so the next person on call does not start over.</p>
      ) : (
        <ol className="notes-list">
          {notes.map((n) => (
            <li key={n.id}>
              <div className="note-head">
                <strong className="note-author">{n.author}</strong>{' '}
                <time className="muted small" dateTime={new Date(n.at).toISOString()}>
                  {formatTime(n.at)}
                </time>
              </div>
              <p className="note-text">{n.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        className="note-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          const input = { id: alertId, author: name, text }
          if (!form.check(contractErrors('alerts:addNote', input, ['author', 'text']).placed)) return
          remember()
          add.mutate(input, { onSuccess: () => setText(''), onError: (err) => form.fromService(err, ['author', 'text']) })
        }}
      >
        <Field label="Note" error={form.errorOf('text')}>
          <textarea
            rows={3}
            value={text}
            maxLength={5000}
            placeholder="e.g. failed over to the replica; postgres primary is rebooting"
            onChange={(e) => (form.clear('text'), setText(e.target.value))}
          />
        </Field>
        <Field label="Written by" error={form.errorOf('author')}>
          <input value={name} maxLength={80} onChange={(e) => (form.clear('author'), setName(e.target.value))} />
        </Field>
        <button type="submit" className="primary" disabled={add.isPending}>
          Add note
        </button>
        {form.unplaced.length > 0 && <ErrorNotice error={add.error} title="The note was not saved" />}
      </form>
    </section>
  )
}
