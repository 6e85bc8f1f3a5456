import { useMemo, useState } from 'react'
import type { ExplainComparison } from '../../../../shared/contract/explain'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { ExplainNav } from './ExplainNav'
import { buildRankOption, buildShiftOption, fmt } from './explainCharts'
import { comparisonCsv } from './explainCsv'
import { describe } from './labels'
import { ViewCard } from './Views'

/** Two explanations (two versions of a model, as a rule on the same data) side by side. */
export function ComparePage({ a, b }: { a: number; b: number }) {
  const [output, setOutput] = useState(0)
  const cmp = useChannel('explain:compare', { a, b, output })
  const ea = useChannel('explain:get', { id: a })
  return (
    <div className="page">
      <PageHeader
        title="Explainability"
        subtitle="How two versions' reasoning differs: importance ranks, shift in mean |SHAP value| and a drift check on the attributions."
      />
      <ExplainNav current="" />
      {cmp.isPending && <Loading what="comparison" />}
      {cmp.error && <ErrorNotice error={cmp.error} />}
      {ea.data && ea.data.outputs.length > 1 && (
        <label className="explain-output">
          Output{' '}
          <select aria-label="Output" value={output} onChange={(ev) => setOutput(Number(ev.target.value))}>
            {ea.data.outputs.map((o, k) => (
              <option key={k} value={k}>
                {o}
              </option>
            ))}
          </select>
        </label>
      )}
      {cmp.data && <CompareBody c={cmp.data} />}
    </div>
  )
}

function CompareBody({ c }: { c: ExplainComparison }) {
  const ranks = useMemo(() => buildRankOption(c), [c])
  const shift = useMemo(() => buildShiftOption(c), [c])
  const rows = c.features.filter((f) => f.rankA !== null && f.rankB !== null).length
  const name = `${c.a.versionLabel ?? c.a.id}-vs-${c.b.versionLabel ?? c.b.id}`.replace(/[^\w.-]+/g, '_')
  return (
    <>
      <div className="explain-pair">
        <p>
          <strong>A</strong> <a href={href(`/explain/${c.a.id}`)}>{c.a.name}</a> <span className="muted small">{describe(c.a)}</span>
        </p>
        <p>
          <strong>B</strong> <a href={href(`/explain/${c.b.id}`)}>{c.b.name}</a> <span className="muted small">{describe(c.b)}</span>
        </p>
      </div>
      <div className="stat-row">
        <StatTile label="Same data (sha256)" value={c.sameData ? 'yes' : 'no'} tone={c.sameData ? 'up' : 'warn'} />
        <StatTile
          label="Features whose attributions drifted"
          value={`${c.drifted} / ${c.features.filter((f) => f.ks).length}`}
          tone={c.drifted ? 'down' : 'up'}
        />
        <StatTile label="Rank correlation of importance (Spearman)" value={fmt(c.rankCorrelation, 3)} />
      </div>
      {c.notes.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      <div className="explain-grid">
        <ViewCard
          title="Importance ranks, A and B"
          meaning="Each line joins a feature's importance rank under A (left) to its rank under B (right); features whose attributions drifted are drawn in red."
          csv={() => [`compare-${name}.csv`, comparisonCsv(c)]}
        >
          <Chart
            option={ranks}
            height={Math.max(220, Math.min(15, rows) * 28 + 80)}
            label="Importance ranks of A and B side by side"
            exportName={`ranks-${name}`}
          />
        </ViewCard>
        <ViewCard
          title="Shift in mean |SHAP value|"
          meaning="How much more (red) or less (blue) the new version B leans on each feature than A, in the units of the model output; ⚠ marks a drifted attribution."
          csv={() => [`compare-${name}.csv`, comparisonCsv(c)]}
        >
          <Chart
            option={shift}
            height={Math.max(220, Math.min(20, c.features.length) * 26 + 80)}
            label="Shift in mean absolute SHAP value from A to B"
            exportName={`shift-${name}`}
          />
        </ViewCard>
      </div>
      <ViewCard
        title="Drift check on attributions"
        meaning={`A two-sample Kolmogorov–Smirnov test per feature compares the distribution of its SHAP values under A and B; p below ${fmt(c.alpha / Math.max(1, c.features.filter((f) => f.ks).length), 3)} (α = ${c.alpha}, Bonferroni-corrected) flags drift.`}
        csv={() => [`compare-${name}.csv`, comparisonCsv(c)]}
      >
        <div className="table-scroll">
          <table className="table compact">
            <thead>
              <tr>
                <th>Feature</th>
                <th className="num">Rank A</th>
                <th className="num">Rank B</th>
                <th className="num">mean |φ| A</th>
                <th className="num">mean |φ| B</th>
                <th className="num">Shift</th>
                <th className="num">KS D</th>
                <th className="num">p-value</th>
                <th>Drift</th>
              </tr>
            </thead>
            <tbody>
              {c.features.map((f) => (
                <tr key={f.feature}>
                  <td className="mono">{f.feature}</td>
                  <td className="num">{f.rankA ?? '—'}</td>
                  <td className="num">{f.rankB ?? '—'}</td>
                  <td className="num">{fmt(f.meanAbsA)}</td>
                  <td className="num">{fmt(f.meanAbsB)}</td>
                  <td className="num">{f.shift === null ? '—' : `${f.shift >= 0 ? '+' : ''}${fmt(f.shift)}`}</td>
                  <td className="num">{fmt(f.ks?.statistic, 3)}</td>
                  <td className="num">{fmt(f.ks?.pValue, 3)}</td>
                  <td>
                    {f.ks === null ? (
                      <span className="muted">not in both</span>
                    ) : f.drifted ? (
                      <span className="pill fail">drift</span>
                    ) : (
                      <span className="pill pass">no drift</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ViewCard>
    </>
  )
}
