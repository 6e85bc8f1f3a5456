import { useState } from 'react'
import { AppError } from '../../../../shared/errors'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { ExplainNav } from './ExplainNav'

/** The only addresses model-agnostic SHAP calls: a model served over HTTP, JSON rows in, predictions out. */
export function EndpointsPage() {
  const list = useChannel('explain:endpoints')
  const save = useCommand('explain:saveEndpoint', ['explain:endpoints'])
  const del = useCommand('explain:deleteEndpoint', ['explain:endpoints'])
  const [name, setName] = useState('')
  const [url, setUrl] = useState('')
  const [batchRows, setBatchRows] = useState('5000')
  const err = (f: string): string | undefined => (save.error instanceof AppError && save.error.field === f ? save.error.message : undefined)
  return (
    <div className="page">
      <PageHeader title="Explainability" subtitle="Model endpoints: the addresses the console may call for Permutation and KernelSHAP." />
      <ExplainNav current="endpoints" />
      <section className="card">
        <p className="small">
          The console POSTs <code>{'{"columns": [...], "rows": [[...], ...]}'}</code> (missing values as <code>null</code>) and expects{' '}
          <code>{'{"predictions": [...]}'}</code> or a bare array: one number per row, or an array per row for several outputs. It follows
          no redirects.
        </p>
        {list.data && list.data.length === 0 && (
          <EmptyState title="No endpoints yet">Add the address of a model server below; explanations can then use it.</EmptyState>
        )}
        {list.data && list.data.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Address</th>
                <th className="num">Rows per request</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.map((e) => (
                <tr key={e.id}>
                  <td>{e.name}</td>
                  <td className="mono">{e.url}</td>
                  <td className="num">{e.batchRows.toLocaleString('en-US')}</td>
                  <td>
                    <ConfirmButton
                      className="danger"
                      question={`Remove the endpoint “${e.name}”?`}
                      onConfirm={() => del.mutate({ id: e.id })}
                    >
                      Remove
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="stacked-form"
          onSubmit={(ev) => {
            ev.preventDefault()
            save.mutate(
              { name: name.trim(), url: url.trim(), batchRows: Number(batchRows) || 5000 },
              { onSuccess: () => (setName(''), setUrl('')) }
            )
          }}
        >
          <div className="form-row">
            <Field label="Name" error={err('name')}>
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder="churn-api" />
            </Field>
            <Field label="Address" error={err('url')} hint="http:// or https://, e.g. http://127.0.0.1:8080/predict">
              <input value={url} onChange={(e) => setUrl(e.target.value)} />
            </Field>
            <Field label="Rows per request" error={err('batchRows')}>
              <input value={batchRows} onChange={(e) => setBatchRows(e.target.value)} inputMode="numeric" />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Add endpoint
            </button>
          </div>
          {save.error && !(save.error instanceof AppError && save.error.field) && <ErrorNotice error={save.error} />}
        </form>
      </section>
    </div>
  )
}
