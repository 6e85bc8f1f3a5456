import { useEffect, useState } from 'react'
import { COLUMN_KINDS, type ColumnKind, type DatasetSummary, type Inspection } from '../../../../shared/contract/drift'
import { AppError } from '../../../../shared/errors'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { FileSummary } from '../../components/FileSummary'
import { ErrorNotice, PageHeader } from '../../components/States'
import { JobProgress } from '../../components/JobProgress'
import { useJobCommand } from '../../lib/jobs'
import { useCommand } from '../../lib/queries'
import { DriftTabs } from './DriftTabs'
import { ReasonButton } from '../../components/ReasonButton'

const fieldError = (err: unknown, field: string): string | undefined =>
  err instanceof AppError && err.field === field ? err.message : undefined

interface SchemaRow {
  name: string
  kind: ColumnKind
  include: boolean
}

const KIND_HELP: Record<ColumnKind, string> = {
  numeric: 'numbers: KS / Wasserstein',
  categorical: 'categories: chi-square / Jensen–Shannon',
  boolean: 'true/false: Z-test / Jensen–Shannon',
  datetime: 'ISO dates, compared as time values',
  text: 'free text: not tested, missing values only'
}

/** Import a file or folder: inspect it, edit the inferred schema, then save it as a dataset. */
export function ImportPage() {
  const [path, setPath] = useState('')
  const [delimiter, setDelimiter] = useState('')
  const [header, setHeader] = useState<'auto' | 'yes' | 'no'>('auto')
  const [mode, setMode] = useState<'import' | 'register'>('import')
  const [name, setName] = useState('')
  const [model, setModel] = useState('')
  const [version, setVersion] = useState('')
  const [role, setRole] = useState<'reference' | 'current' | 'none'>('none')
  const [schema, setSchema] = useState<SchemaRow[] | null>(null)
  const inspect = useCommand('drift:inspect')
  const save = useJobCommand<'drift:importDataset', DatasetSummary>('drift:importDataset', ['drift:datasets'])
  const insp: Inspection | undefined = inspect.data
  const savedId = save.result?.id
  useEffect(() => {
    if (savedId) navigate(`/drift/datasets/${savedId}`)
  }, [savedId])

  const options = () => ({
    path: path.trim(),
    ...(delimiter ? { delimiter: delimiter as ',' | ';' | '\t' | '|' } : {}),
    ...(header !== 'auto' ? { header: header === 'yes' } : {})
  })

  const runInspect = (): void => {
    inspect.mutate(options(), {
      onSuccess: (r) => {
        setSchema(r.columns.map((c) => ({ name: c.name, kind: c.kind, include: true })))
        if (!name)
          setName(
            r.path
              .split(/[\\/]/)
              .filter(Boolean)
              .pop()
              ?.replace(/\.(csv|tsv|txt|parquet|pq)(\.gz)?$/i, '') ?? ''
          )
        if (!delimiter && r.delimiter) setDelimiter(r.delimiter)
        if (header === 'auto') setHeader(r.header ? 'yes' : 'no')
      }
    })
  }

  const submit = (): void => {
    if (!schema) return
    void save.start({
      ...options(),
      name: name.trim(),
      mode,
      model: model.trim(),
      version: version.trim(),
      role,
      columns: schema.filter((s) => s.include).map(({ name: n, kind }) => ({ name: n, kind }))
    })
  }

  return (
    <div className="page drift-page">
      <PageHeader title="Drift" subtitle="Import a CSV or Parquet file (or a folder of them) from the machine that runs the console." />
      <DriftTabs current="datasets/import" />
      <section className="card">
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            runInspect()
          }}
        >
          <div className="form-row">
            <Field
              label="File or folder path"
              className="grow"
              error={fieldError(inspect.error, 'path')}
              hint="An absolute path on the console’s machine, e.g. /data/churn/train.csv or a folder of .csv/.parquet files."
            >
              <input
                value={path}
                onChange={(e) => setPath(e.target.value)}
                placeholder="/data/model/reference.csv"
                aria-label="File or folder path"
                className="mono"
              />
            </Field>
            <Field label="Delimiter" className="narrow">
              <select value={delimiter} onChange={(e) => setDelimiter(e.target.value)} aria-label="Delimiter">
                <option value="">detect</option>
                <option value=",">comma ,</option>
                <option value=";">semicolon ;</option>
                <option value={'\t'}>tab</option>
                <option value="|">pipe |</option>
              </select>
            </Field>
            <Field label="Header row" className="narrow">
              <select value={header} onChange={(e) => setHeader(e.target.value as 'auto' | 'yes' | 'no')} aria-label="Header row">
                <option value="auto">detect</option>
                <option value="yes">yes</option>
                <option value="no">no</option>
              </select>
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className={schema ? '' : 'primary'} disabled={!path.trim() || inspect.isPending}>
              {inspect.isPending ? 'Reading…' : schema ? 'Read again' : 'Inspect'}
            </button>
          </div>
        </form>
        {inspect.error && !fieldError(inspect.error, 'path') && <ErrorNotice error={inspect.error} title="Could not read the file" />}
      </section>
      {insp && schema && (
        <section className="card">
          <h2>Inferred schema</h2>
          <FileSummary file={insp} extra={insp.files.length > 1 ? `${insp.files.length} files (the first one described)` : undefined} />
          <p className="muted small">
            Types inferred from the first {insp.sampleRows.toLocaleString()} rows. Change a type or leave a column out before saving.
          </p>
          <div className="table-scroll">
            <table className="table compact drift-schema">
              <thead>
                <tr>
                  <th>Use</th>
                  <th>Column</th>
                  <th>Type</th>
                  <th className="num">Missing (sample)</th>
                  <th className="num">Distinct (sample)</th>
                  <th>Examples</th>
                  <th>Notes</th>
                </tr>
              </thead>
              <tbody>
                {schema.map((s, i) => {
                  const c = insp.columns[i]!
                  return (
                    <tr key={s.name}>
                      <td>
                        <input
                          type="checkbox"
                          checked={s.include}
                          aria-label={`Use column ${s.name}`}
                          onChange={(e) => setSchema(schema.map((x, j) => (j === i ? { ...x, include: e.target.checked } : x)))}
                        />
                      </td>
                      <td className="mono">{s.name}</td>
                      <td>
                        <select
                          value={s.kind}
                          aria-label={`Type of ${s.name}`}
                          title={KIND_HELP[s.kind]}
                          onChange={(e) => setSchema(schema.map((x, j) => (j === i ? { ...x, kind: e.target.value as ColumnKind } : x)))}
                        >
                          {COLUMN_KINDS.map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="num">{c.missing}</td>
                      <td className="num">{c.distinct}</td>
                      <td className="mono small ellipsis">{c.samples.join(' · ')}</td>
                      <td className="small">{c.message ?? ''}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <form
            className="stacked-form drift-save"
            onSubmit={(e) => {
              e.preventDefault()
              submit()
            }}
          >
            <div className="form-row">
              <Field label="Dataset name" error={fieldError(save.error, 'name')}>
                <input value={name} onChange={(e) => setName(e.target.value)} aria-label="Dataset name" />
              </Field>
              <Field label="Model" hint="Name in the model registry (text)">
                <input value={model} onChange={(e) => setModel(e.target.value)} aria-label="Model" />
              </Field>
              <Field label="Version" className="narrow">
                <input value={version} onChange={(e) => setVersion(e.target.value)} aria-label="Version" />
              </Field>
              <Field label="Role" className="narrow">
                <select value={role} onChange={(e) => setRole(e.target.value as typeof role)} aria-label="Role">
                  <option value="none">—</option>
                  <option value="reference">reference (training)</option>
                  <option value="current">current (production window)</option>
                </select>
              </Field>
            </div>
            <fieldset className="radio-row">
              <legend>Keep</legend>
              <label>
                <input type="radio" name="mode" checked={mode === 'import'} onChange={() => setMode('import')} /> Import the data now
              </label>
              <label>
                <input type="radio" name="mode" checked={mode === 'register'} onChange={() => setMode('register')} /> Register the path:
                scheduled checks read it again
              </label>
            </fieldset>
            <div className="form-actions">
              <ReasonButton
                type="submit"
                className="primary"
                busy={save.running}
                disabledReason={
                  !name.trim() ? 'Name the dataset first' : !schema.some((s) => s.include) ? 'Include at least one column' : null
                }
              >
                {save.running ? 'Saving…' : 'Save dataset'}
              </ReasonButton>
            </div>
            {save.job && <JobProgress job={save.job} onCancel={save.cancel} label="Import progress" />}
            {save.error && !fieldError(save.error, 'name') && <ErrorNotice error={save.error} title="Could not save the dataset" />}
          </form>
        </section>
      )}
    </div>
  )
}
