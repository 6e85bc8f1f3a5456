import { useState } from 'react'
import type { ChannelOutput, CostImportReport } from '../../../../shared/contract'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice } from '../../components/States'
import { call } from '../../lib/client'
import { formatTime } from '../../lib/format'
import { useJobCommand } from '../../lib/jobs'
import { useChannel, useCommand } from '../../lib/queries'
import { formatMoney, isCredit } from './format'
import { COSTS_DATA } from './store'
import { FileSummary } from '../../components/FileSummary'
import { ReasonButton } from '../../components/ReasonButton'

/** "EUR=1.08, GBP 1.27" -> { EUR: 1.08, GBP: 1.27 } (null if unreadable). */
export function parseRates(text: string): Record<string, number> | null {
  const out: Record<string, number> = {}
  for (const part of text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z]{3})\s*[=: ]\s*([0-9]*\.?[0-9]+)$/.exec(part)
    if (!m) return null
    out[m[1]!.toUpperCase()] = Number(m[2])
  }
  return out
}

export function ImportPage() {
  return (
    <>
      <ImportForm />
      <div className="grid two align-start">
        <MappingEditor />
        <ManualEntries />
      </div>
      <PastImports />
    </>
  )
}

function ImportForm() {
  const sources = useChannel('costs:sources')
  const formats = useChannel('costs:importFormats')
  const [file, setFile] = useState('')
  const [source, setSource] = useState('')
  const [rates, setRates] = useState('')
  const importing = useJobCommand<'costs:import', CostImportReport>('costs:import', [...COSTS_DATA, 'costs:imports'])
  const report = importing.result
  const parsedRates = parseRates(rates)
  // the layout is a saved source ("src:<name>") or a format an extension adds ("ext:<id>/<importer>")
  const importer = source.startsWith('ext:') ? source : null
  const format = formats.data?.find((f) => f.id === importer)
  const start = (): Promise<void> =>
    importing.start({
      path: file.trim(),
      rates: parsedRates ?? {},
      ...(importer ? { importer } : source ? { source: source.slice(4) } : {})
    })

  return (
    <section className="card">
      <h2>Import a bill</h2>
      <p className="muted small">
        FOCUS 1.0–1.2 exports (CSV, .csv.gz or Parquet) import as they are. Re-importing a billing period of the same account replaces it.
        In serve mode the path is on the machine running the console.
      </p>
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          void start()
        }}
      >
        <div className="form-row">
          <Field
            label="Bill file path"
            className="grow"
            hint={
              format
                ? `${format.title} reads ${format.extensions.join(', ')} files; the extension ${format.extensionName} parses it in its own process, allowed to read this file only`
                : 'An absolute path, e.g. /data/bills/focus-2024-09.csv.gz'
            }
          >
            <input value={file} onChange={(e) => setFile(e.target.value)} placeholder="/path/to/focus_export.csv" spellCheck={false} />
          </Field>
          <Field label="Layout" className="medium">
            <select value={source} onChange={(e) => setSource(e.target.value)}>
              <option value="">FOCUS (detect columns)</option>
              {sources.data?.map((s) => (
                <option key={s.id} value={`src:${s.name}`}>
                  {s.name} ({s.kind === 'mapped' ? 'column mapping' : 'FOCUS'})
                </option>
              ))}
              {formats.data?.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.title} (from extension {f.extensionName})
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Exchange rates"
            className="medium"
            hint="Only for bills in several currencies, e.g. EUR=1.08"
            error={parsedRates === null ? 'write CUR=rate, separated by commas' : undefined}
          >
            <input value={rates} onChange={(e) => setRates(e.target.value)} placeholder="EUR=1.08" />
          </Field>
        </div>
        <div className="form-actions">
          <ReasonButton
            type="submit"
            className="primary"
            busy={importing.running}
            disabledReason={
              !file.trim() ? 'Enter the path of the bill first' : parsedRates === null ? 'Fix the exchange rates first' : null
            }
          >
            {importing.running ? 'Importing…' : 'Import'}
          </ReasonButton>
        </div>
      </form>
      {importing.job && <JobProgress job={importing.job} onCancel={importing.cancel} label="Import progress" />}
      {importing.cancelled && <p className="notice">Import cancelled: nothing was imported.</p>}
      {Boolean(importing.error) && <ErrorNotice error={importing.error} title="Import failed: nothing was imported" />}
      {report && (
        <div className="notice notice-ok" role="status">
          <strong>
            Imported {report.rows.toLocaleString('en-US')} rows from {report.file.split(/[\\/]/).pop()}
          </strong>
          <p>
            Billed {formatMoney(Number(report.billed), report.currency, 2)}, effective{' '}
            {formatMoney(Number(report.effective), report.currency, 2)}; {report.replacedRows.toLocaleString('en-US')} earlier rows
            replaced; {report.format}, {(report.durationMs / 1000).toFixed(1)} s.
          </p>
          <table className="table compact import-report">
            <thead>
              <tr>
                <th>Account</th>
                <th>Billing period</th>
                <th className="num">Rows</th>
                <th className="num">Replaced</th>
              </tr>
            </thead>
            <tbody>
              {report.periods.map((p) => (
                <tr key={`${p.account}-${p.period}`}>
                  <td className="ellipsis">{p.account}</td>
                  <td>{p.period.slice(0, 7)}</td>
                  <td className="num">{p.rows.toLocaleString('en-US')}</td>
                  <td className="num">{p.replacedRows.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function MappingEditor() {
  const save = useCommand('costs:saveSource', ['costs:sources'])
  const [name, setName] = useState('')
  const [file, setFile] = useState('')
  const [header, setHeader] = useState<ChannelOutput<'costs:header'> | null>(null)
  const [mapping, setMapping] = useState<Record<string, string>>({})
  const [error, setError] = useState<unknown>(null)
  const read = async (): Promise<void> => {
    setError(null)
    try {
      const h = await call('costs:header', { path: file.trim() })
      setHeader(h)
      const auto: Record<string, string> = {}
      for (const f of h.focusColumns) if (h.columns.some((c) => c.name === f)) auto[f] = f
      setMapping(auto)
    } catch (err) {
      setError(err)
    }
  }
  return (
    <section className="card">
      <h2>Column mapping for other CSV layouts</h2>
      <p className="muted small">
        Read the header of a sample file, pick which of its columns holds each FOCUS field, and save the mapping under a source name; then
        choose it as the layout when importing.
      </p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void read()
        }}
      >
        <label>
          Sample file path
          <input value={file} onChange={(e) => setFile(e.target.value)} placeholder="/path/to/vendor.csv" />
        </label>
        <ReasonButton type="submit" disabledReason={!file.trim() ? 'Enter the path of a sample file first' : null}>
          Read columns
        </ReasonButton>
      </form>
      {Boolean(error) && <ErrorNotice error={error} />}
      {header && (
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            save.mutate({ name: name.trim(), mapping })
          }}
        >
          <FileSummary file={header} />
          <table className="table compact">
            <thead>
              <tr>
                <th>FOCUS field</th>
                <th>Column in the file</th>
              </tr>
            </thead>
            <tbody>
              {header.focusColumns.map((f) => (
                <tr key={f}>
                  <td>
                    {f}
                    {header.required.includes(f) && <span className="tag">required</span>}
                  </td>
                  <td>
                    <select
                      aria-label={`Column for ${f}`}
                      value={mapping[f] ?? ''}
                      onChange={(e) => setMapping({ ...mapping, [f]: e.target.value })}
                    >
                      <option value="">—</option>
                      {header.columns.map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name} ({c.type}
                          {c.samples[0] ? `, e.g. ${c.samples[0]}` : ''})
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-row">
            <Field label="Source name">
              <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. vendor-x" />
            </Field>
          </div>
          <div className="form-actions">
            {save.isSuccess && <span className="muted">Saved.</span>}
            <button type="submit" disabled={!name.trim() || header.required.some((r) => !mapping[r]) || save.isPending}>
              Save mapping
            </button>
          </div>
          {save.error && <ErrorNotice error={save.error} />}
        </form>
      )}
    </section>
  )
}

function ManualEntries() {
  const list = useChannel('costs:manualList')
  const create = useCommand('costs:manualCreate', COSTS_DATA)
  const del = useCommand('costs:manualDelete', COSTS_DATA)
  const today = new Date().toISOString().slice(0, 10)
  const [form, setForm] = useState({
    service: '',
    amount: '',
    recurrence: 'monthly' as 'monthly' | 'once',
    startDay: `${today.slice(0, 7)}-01`,
    endDay: '',
    category: 'SaaS'
  })
  return (
    <section className="card">
      <h2>Manual entries</h2>
      <p className="muted small">
        For costs without a bill export (SaaS subscriptions, contracts): spread evenly over the days they cover.
      </p>
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate(
            {
              service: form.service,
              amount: form.amount,
              recurrence: form.recurrence,
              startDay: form.startDay,
              category: form.category,
              ...(form.endDay ? { endDay: form.endDay } : {})
            },
            { onSuccess: () => setForm({ ...form, service: '', amount: '' }) }
          )
        }}
      >
        <div className="form-row">
          <Field label="Service">
            <input
              value={form.service}
              onChange={(e) => setForm({ ...form, service: e.target.value })}
              placeholder="e.g. GitHub Enterprise"
            />
          </Field>
          <Field
            label="Amount"
            className="narrow"
            hint={isCredit(form.amount) ? 'A credit: lowers the total (a refund or a discount)' : 'Negative for a credit'}
          >
            <input
              value={form.amount}
              onChange={(e) => setForm({ ...form, amount: e.target.value })}
              placeholder="1250.00"
              inputMode="decimal"
            />
          </Field>
          <Field label="Repeats" className="narrow">
            <select value={form.recurrence} onChange={(e) => setForm({ ...form, recurrence: e.target.value as 'monthly' | 'once' })}>
              <option value="monthly">every month</option>
              <option value="once">once</option>
            </select>
          </Field>
        </div>
        <div className="form-row">
          <Field label="From">
            <input type="date" value={form.startDay} onChange={(e) => setForm({ ...form, startDay: e.target.value })} />
          </Field>
          <Field label="Until (optional)">
            <input type="date" value={form.endDay} onChange={(e) => setForm({ ...form, endDay: e.target.value })} />
          </Field>
          <Field label="Category" className="narrow">
            <input value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={!form.service.trim() || !form.amount.trim() || create.isPending}>
            Add entry
          </button>
        </div>
        {create.error && <ErrorNotice error={create.error} title="Not added" />}
      </form>
      {list.data && list.data.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Service</th>
              <th className="num">Amount</th>
              <th>Repeats</th>
              <th>From</th>
              <th>Until</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((m) => (
              <tr key={m.id}>
                <td>{m.service}</td>
                <td className="num">
                  {isCredit(m.amount) ? (
                    <>
                      <span className="badge credit">credit</span> {m.amount.replace(/^-/, '−')} {m.currency}
                    </>
                  ) : (
                    `${m.amount} ${m.currency}`
                  )}
                </td>
                <td>{m.recurrence === 'monthly' ? 'monthly' : 'once'}</td>
                <td>{m.startDay}</td>
                <td>{m.endDay ?? '—'}</td>
                <td>
                  <button className="link-button danger" type="button" onClick={() => del.mutate({ id: m.id })}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function PastImports() {
  const imports = useChannel('costs:imports')
  const del = useCommand('costs:deleteImport', COSTS_DATA)
  if (!imports.data || imports.data.length === 0) return null
  return (
    <section className="card">
      <h2>Imports</h2>
      <div className="table-scroll">
        <table className="table compact">
          <thead>
            <tr>
              <th>File</th>
              <th>Layout</th>
              <th>Periods</th>
              <th className="num">Rows</th>
              <th className="num">Billed</th>
              <th>Finished</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {imports.data.map((i) => (
              <tr key={i.id}>
                <td className="mono ellipsis" title={i.file}>
                  {i.file.split(/[\\/]/).pop()}
                </td>
                <td>
                  {i.source ?? 'FOCUS'} · {i.format}
                </td>
                <td className="small">{i.periods.join(', ')}</td>
                <td className="num">
                  {i.liveRows.toLocaleString('en-US')}
                  {i.liveRows !== i.rows ? ` of ${i.rows.toLocaleString('en-US')}` : ''}
                </td>
                <td className="num">
                  {i.billed} {i.currency}
                </td>
                <td>{formatTime(i.finishedAt)}</td>
                <td>
                  <ConfirmButton
                    className="link-button danger"
                    question={`Delete the import of ${i.file.split(/[\\/]/).pop()} and its ${i.liveRows} rows?`}
                    onConfirm={() => del.mutate({ id: i.id })}
                  >
                    Delete
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
