import { DRIFT_TEST_LABELS, DRIFT_TESTS, type ColumnOverride, type DriftTest, type PlannedColumn } from '../../../../shared/contract/drift'

/** Per-column settings of a check, each with what its test resolves to before any run (from drift:plan). */
export function ColumnTestsTable({
  columns,
  overrides,
  plan,
  setOverride,
  error
}: {
  columns: { name: string; kind: string }[]
  overrides: Record<string, ColumnOverride>
  plan: PlannedColumn[] | undefined
  setOverride: (col: string, patch: Partial<ColumnOverride> | null) => void
  error: string | undefined
}) {
  const planned = new Map((plan ?? []).map((p) => [p.name, p]))
  return (
    <section className="card">
      <h2>Per-column tests</h2>
      <p className="muted small">
        By default each column gets Evidently’s test: with up to 1,000 reference rows, Kolmogorov–Smirnov for numbers with more than 5
        distinct values, chi-square for categories, a Z-test for two values (drift at p &lt; 0.05); with more rows, Wasserstein (normed) for
        numbers and Jensen–Shannon otherwise (drift at 0.1). “Resolves to” shows the test each column gets. Columns unique per row (IDs) are
        left out unless you include them. Override the test or threshold here, or leave a column out.
      </p>
      {error && <p className="field-error">{error}</p>}
      <div className="table-scroll">
        <table className="table compact drift-overrides">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
              <th>Test</th>
              <th>Resolves to</th>
              <th>Threshold</th>
              <th>Leave out</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => {
              const o = overrides[c.name] ?? {}
              const p = planned.get(c.name)
              const idLeftOut = !!p?.idLike && !o.include && !o.ignore
              return (
                <tr key={c.name}>
                  <td className="mono">{c.name}</td>
                  <td>{c.kind}</td>
                  <td>
                    <select
                      value={o.test ?? ''}
                      aria-label={`Test for ${c.name}`}
                      onChange={(e) => setOverride(c.name, { test: (e.target.value || undefined) as DriftTest | undefined })}
                      disabled={o.ignore || idLeftOut}
                    >
                      <option value="">default</option>
                      {DRIFT_TESTS.map((t) => (
                        <option key={t} value={t}>
                          {DRIFT_TEST_LABELS[t]}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="small wrap drift-resolution" data-testid={`resolution-${c.name}`}>
                    {p ? p.resolution : <span className="muted">…</span>}
                  </td>
                  <td>
                    <input
                      type="number"
                      step="any"
                      min={0}
                      className="drift-threshold"
                      placeholder="default"
                      aria-label={`Threshold for ${c.name}`}
                      value={o.threshold ?? ''}
                      disabled={o.ignore || idLeftOut}
                      onChange={(e) => setOverride(c.name, { threshold: e.target.value === '' ? undefined : Number(e.target.value) })}
                    />
                  </td>
                  <td>
                    {p?.idLike ? (
                      <label className="checkbox small" title="Every value differs, like an ID: a drift test on it says nothing">
                        <input
                          type="checkbox"
                          checked={!!o.include}
                          aria-label={`Include ${c.name}`}
                          onChange={(e) => setOverride(c.name, e.target.checked ? { include: true } : { include: undefined })}
                        />
                        Include (left out: unique per row)
                      </label>
                    ) : (
                      <input
                        type="checkbox"
                        checked={!!o.ignore}
                        aria-label={`Leave out ${c.name}`}
                        onChange={(e) => setOverride(c.name, e.target.checked ? { ignore: true } : null)}
                      />
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}
