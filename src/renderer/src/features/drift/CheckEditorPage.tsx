import { useEffect, useMemo, useState } from 'react'
import type { ColumnOverride } from '../../../../shared/contract/drift'
import { AppError } from '../../../../shared/errors'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeZoneInput } from '../../components/TimeZoneInput'
import { useChannel, useCommand } from '../../lib/queries'
import { ColumnTestsTable } from './ColumnTestsTable'
import { DriftTabs } from './DriftTabs'
import { cronHelp } from './driftFormat'
import { ModelVersionFields } from './ModelVersionFields'

const fieldError = (err: unknown, field: string): string | undefined =>
  err instanceof AppError && (err.field === field || err.field?.startsWith(`${field}.`)) ? err.message : undefined

interface Draft {
  name: string
  model: string
  version: string
  referenceId: number | null
  currentId: number | null
  schedule: string
  timezone: string
  driftShare: string
  predictionColumn: string
  targetColumn: string
  columns: Record<string, ColumnOverride>
}

const EMPTY: Draft = {
  name: '',
  model: '',
  version: '',
  referenceId: null,
  currentId: null,
  schedule: '',
  timezone: '',
  driftShare: '0.5',
  predictionColumn: '',
  targetColumn: '',
  columns: {}
}

/** Create (#/drift/checks/new) or edit (#/drift/checks/<id>/edit) a drift check. */
export function CheckEditorPage({ id }: { id?: number }) {
  const existing = useChannel('drift:check', { id: id ?? 1 }, { enabled: id !== undefined })
  const datasets = useChannel('drift:datasets')
  const save = useCommand('drift:saveCheck', ['drift:checks', 'drift:check'])
  const [draft, setDraft] = useState<Draft | null>(id === undefined ? EMPTY : null)

  useEffect(() => {
    if (id !== undefined && existing.data && draft === null) {
      const c = existing.data
      setDraft({
        name: c.name,
        model: c.model,
        version: c.version,
        referenceId: c.referenceId,
        currentId: c.currentId,
        schedule: c.schedule ?? '',
        timezone: c.timezone,
        driftShare: String(c.driftShare),
        predictionColumn: c.predictionColumn ?? '',
        targetColumn: c.targetColumn ?? '',
        columns: c.columns
      })
    }
  }, [id, existing.data, draft])

  // new check: prefill from datasets marked reference/current
  useEffect(() => {
    if (id !== undefined || !datasets.data || !draft || draft.referenceId !== null) return
    const ref = datasets.data.find((d) => d.role === 'reference') ?? datasets.data[1] ?? datasets.data[0]
    const cur = datasets.data.find((d) => d.role === 'current' && d.id !== ref?.id) ?? datasets.data.find((d) => d.id !== ref?.id)
    if (ref && cur)
      setDraft({ ...draft, referenceId: ref.id, currentId: cur.id, model: draft.model || ref.model, version: draft.version || ref.version })
  }, [id, datasets.data, draft])

  const refDs = useChannel('drift:dataset', { id: draft?.referenceId ?? 1 }, { enabled: !!draft?.referenceId })
  const curDs = useChannel('drift:dataset', { id: draft?.currentId ?? 1 }, { enabled: !!draft?.currentId })
  const columns = useMemo(() => {
    const seen = new Map<string, string>()
    for (const c of [...(refDs.data?.columns ?? []), ...(curDs.data?.columns ?? [])]) if (!seen.has(c.name)) seen.set(c.name, c.kind)
    return [...seen].map(([name, kind]) => ({ name, kind }))
  }, [refDs.data, curDs.data])

  const plan = useChannel(
    'drift:plan',
    {
      referenceId: draft?.referenceId ?? 1,
      currentId: draft?.currentId ?? 1,
      predictionColumn: draft?.predictionColumn || null,
      targetColumn: draft?.targetColumn || null,
      columns: draft?.columns ?? {}
    },
    { enabled: !!draft?.referenceId && !!draft.currentId, placeholderData: (previous) => previous }
  )

  if (id !== undefined && existing.error) return <ErrorNotice error={existing.error} />
  if (!draft || datasets.isPending) return <Loading what="check" />
  if (datasets.data && datasets.data.length === 0) {
    return (
      <div className="page drift-page">
        <PageHeader title="New drift check" />
        <DriftTabs current="" />
        <EmptyState
          title="No datasets to compare"
          action={
            <a className="button primary" href={href('/drift/datasets/import')}>
              Import data
            </a>
          }
        >
          A check compares a reference dataset with a current one. Import both first.
        </EmptyState>
      </div>
    )
  }
  const set = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch })
  const setOverride = (col: string, patch: Partial<ColumnOverride> | null): void => {
    const next = { ...draft.columns }
    const merged = patch === null ? {} : { ...next[col], ...patch }
    for (const k of Object.keys(merged) as (keyof ColumnOverride)[]) if (merged[k] === undefined || merged[k] === false) delete merged[k]
    if (Object.keys(merged).length === 0) delete next[col]
    else next[col] = merged
    set({ columns: next })
  }
  const submit = (): void => {
    if (draft.referenceId === null || draft.currentId === null) return
    save.mutate(
      {
        ...(id !== undefined ? { id } : {}),
        name: draft.name.trim(),
        model: draft.model.trim(),
        version: draft.version.trim(),
        referenceId: draft.referenceId,
        currentId: draft.currentId,
        schedule: draft.schedule.trim() || null,
        ...(draft.timezone.trim() ? { timezone: draft.timezone.trim() } : {}),
        driftShare: Number(draft.driftShare),
        predictionColumn: draft.predictionColumn || null,
        targetColumn: draft.targetColumn || null,
        columns: draft.columns
      },
      { onSuccess: (c) => navigate(`/drift/checks/${c.id}`) }
    )
  }
  const ds = datasets.data ?? []
  return (
    <div className="page drift-page">
      <PageHeader
        title={id === undefined ? 'New drift check' : `Edit ${existing.data?.name ?? 'check'}`}
        subtitle="Compare a current production window with the reference data of a model version."
      />
      <DriftTabs current="" />
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <section className="card stacked-form">
          <div className="form-row">
            <Field label="Check name" error={fieldError(save.error, 'name')} className="grow">
              <input value={draft.name} onChange={(e) => set({ name: e.target.value })} aria-label="Check name" />
            </Field>
            <ModelVersionFields
              model={draft.model}
              version={draft.version}
              onChange={(patch) => set(patch)}
              errors={{ model: fieldError(save.error, 'model'), version: fieldError(save.error, 'version') }}
            />
          </div>
          <div className="form-row">
            <Field label="Reference data (training)" error={fieldError(save.error, 'referenceId')}>
              <select
                value={draft.referenceId ?? ''}
                onChange={(e) => set({ referenceId: Number(e.target.value) || null })}
                aria-label="Reference dataset"
              >
                <option value="">choose…</option>
                {ds.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.rows.toLocaleString()} rows)
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Current data (production window)" error={fieldError(save.error, 'currentId')}>
              <select
                value={draft.currentId ?? ''}
                onChange={(e) => set({ currentId: Number(e.target.value) || null })}
                aria-label="Current dataset"
              >
                <option value="">choose…</option>
                {ds.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.rows.toLocaleString()} rows)
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="form-row">
            <Field label="Schedule (cron)" error={fieldError(save.error, 'schedule')} hint={cronHelp} className="grow">
              <input
                value={draft.schedule}
                onChange={(e) => set({ schedule: e.target.value })}
                placeholder="0 6 * * *"
                aria-label="Schedule"
                className="mono"
              />
            </Field>
            <Field
              label="Time zone"
              error={fieldError(save.error, 'timezone')}
              hint="The schedule’s wall clock (IANA name). Empty: the console machine’s zone."
            >
              <TimeZoneInput value={draft.timezone} onChange={(timezone) => set({ timezone })} />
            </Field>
            <Field
              label="drift_share"
              error={fieldError(save.error, 'driftShare')}
              hint="Dataset drift when this share of columns drifts"
              className="narrow"
            >
              <input
                type="number"
                min={0.01}
                max={1}
                step="any"
                value={draft.driftShare}
                onChange={(e) => set({ driftShare: e.target.value })}
                aria-label="Drift share"
              />
            </Field>
          </div>
          <div className="form-row">
            <Field label="Prediction column" error={fieldError(save.error, 'predictionColumn')} hint="The model’s output: prediction drift">
              <select
                value={draft.predictionColumn}
                onChange={(e) => set({ predictionColumn: e.target.value })}
                aria-label="Prediction column"
              >
                <option value="">none</option>
                {columns.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>
            </Field>
            <Field label="Target column" error={fieldError(save.error, 'targetColumn')} hint="Labels, when they exist: target drift">
              <select value={draft.targetColumn} onChange={(e) => set({ targetColumn: e.target.value })} aria-label="Target column">
                <option value="">none</option>
                {columns.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>
            </Field>
          </div>
        </section>
        {columns.length > 0 && (
          <ColumnTestsTable
            columns={columns}
            overrides={draft.columns}
            plan={plan.data}
            setOverride={setOverride}
            error={fieldError(save.error, 'columns')}
          />
        )}
        <div className="form-actions">
          <a href={href(id !== undefined ? `/drift/checks/${id}` : '/drift')}>Cancel</a>
          <button
            type="submit"
            className="primary"
            disabled={save.isPending || !draft.name.trim() || draft.referenceId === null || draft.currentId === null}
          >
            {save.isPending ? 'Saving…' : 'Save check'}
          </button>
        </div>
        {save.error && !(save.error instanceof AppError && save.error.field) && (
          <ErrorNotice error={save.error} title="Could not save the check" />
        )}
        {save.error instanceof AppError &&
          save.error.field &&
          ![
            'name',
            'model',
            'version',
            'referenceId',
            'currentId',
            'schedule',
            'timezone',
            'driftShare',
            'predictionColumn',
            'targetColumn'
          ].includes(save.error.field) &&
          !save.error.field.startsWith('columns') && <ErrorNotice error={save.error} title="Could not save the check" />}
      </form>
    </div>
  )
}
