import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { layoutLineage } from './lineageLayout'
import { MlopsNav } from './MlopsNav'

const KIND_COLOR: Record<string, string> = { retrain: 'var(--accent, #3b82f6)', 'fine-tune': '#a855f7', registered: '#64748b' }
const W = 170
const H = 48

/** A model's versions as a graph: each version beside its parent, retrains and fine-tunes told apart. */
export function LineagePage({ model }: { model?: string }) {
  const models = useChannel('models:list')
  const lineage = useChannel('mlops:lineage', { modelName: model ?? '-' }, { enabled: !!model })
  const g = lineage.data ? layoutLineage(lineage.data) : null
  const byId = new Map(g?.nodes.map((n) => [n.versionId, n]))
  return (
    <div className="page">
      <PageHeader
        title="MLOps"
        subtitle="Lineage: which version each version was trained or fine-tuned from, with its run, data and code."
      />
      <MlopsNav current="lineage" />
      <section className="card">
        <Field label="Model">
          <select value={model ?? ''} onChange={(e) => navigate(`/mlops/lineage/${encodeURIComponent(e.target.value)}`)}>
            <option value="">choose a model…</option>
            {models.data?.map((m) => (
              <option key={m.id} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </Field>
        {lineage.error && <ErrorNotice error={lineage.error} />}
        {!model && <EmptyState title="Pick a model">Its versions show as a graph, each beside the version it came from.</EmptyState>}
        {g && g.nodes.length === 0 && <EmptyState title="No versions">Run a job that registers this model.</EmptyState>}
        {g && g.nodes.length > 0 && (
          <>
            <div className="legend small" aria-label="Legend">
              {Object.entries(KIND_COLOR).map(([k, c]) => (
                <span key={k} style={{ marginRight: 16 }}>
                  <span style={{ display: 'inline-block', width: 10, height: 10, background: c, marginRight: 4 }} />
                  {k}
                </span>
              ))}
            </div>
            <svg role="img" aria-label={`Lineage of ${model}`} width={g.width} height={g.height} className="lineage">
              {g.nodes.map((n) => {
                const p = n.parentVersionId !== null ? byId.get(n.parentVersionId) : undefined
                return p ? (
                  <path
                    key={`e${n.versionId}`}
                    d={`M${p.x + W},${p.y + H / 2} C${p.x + W + 20},${p.y + H / 2} ${n.x - 20},${n.y + H / 2} ${n.x},${n.y + H / 2}`}
                    fill="none"
                    stroke="currentColor"
                    strokeOpacity={0.5}
                    markerEnd="url(#arrow)"
                  />
                ) : null
              })}
              <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto">
                  <path d="M0,0 L10,5 L0,10 z" fill="currentColor" />
                </marker>
              </defs>
              {g.nodes.map((n) => (
                <a key={n.versionId} href={href(`/models/version/${n.versionId}`)}>
                  <title>{`${n.label} (${n.kind})${n.runId ? `\nrun #${n.runId}` : ''}${n.dataPath ? `\ndata: ${n.dataPath}` : ''}${n.codeVersion ? `\ncode: ${n.codeVersion}` : ''}\nstage: ${n.stage}`}</title>
                  <rect
                    x={n.x}
                    y={n.y}
                    width={W}
                    height={H}
                    rx={6}
                    fill="var(--surface, #fff)"
                    stroke={KIND_COLOR[n.kind]}
                    strokeWidth={2}
                  />
                  <text x={n.x + 10} y={n.y + 19} fontWeight={600} fill="currentColor">
                    {n.label}
                  </text>
                  <text x={n.x + 10} y={n.y + 37} fontSize={11} fill="currentColor" opacity={0.75}>
                    {[n.aliases.join(', '), n.stage !== 'None' ? n.stage : '', n.runId ? `run #${n.runId}` : '']
                      .filter(Boolean)
                      .join(' · ') || n.kind}
                  </text>
                </a>
              ))}
            </svg>
          </>
        )}
      </section>
    </div>
  )
}
