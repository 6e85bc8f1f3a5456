import { CORRECTIONS, ENGINE_LABELS, ENGINES, type Engine } from '../../../../shared/contract/experiments'
import { useExperimentsUi } from './store'

const CORRECTION_LABELS = {
  none: 'none',
  'holm-bonferroni': 'Holm-Bonferroni (FWER)',
  'benjamini-hochberg': 'Benjamini-Hochberg (FDR)'
} as const

/** Engine, relative or absolute, and the multiple-testing correction with its family; defaults are the experiment's. */
export function AnalysisControls({
  defaults
}: {
  defaults: { engine: Engine; correction: keyof typeof CORRECTION_LABELS; family: 'all' | 'metric' }
}) {
  const ui = useExperimentsUi()
  const engine = ui.engine ?? defaults.engine
  return (
    <div className="toolbar analysis-controls no-print">
      <label>
        Engine{' '}
        <select value={engine} onChange={(e) => ui.set({ engine: e.target.value as Engine })} aria-label="Engine">
          {ENGINES.map((x) => (
            <option key={x} value={x}>
              {ENGINE_LABELS[x]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Effect{' '}
        <select
          value={ui.difference}
          onChange={(e) => ui.set({ difference: e.target.value as 'relative' | 'absolute' })}
          aria-label="Effect"
        >
          <option value="relative">relative lift</option>
          <option value="absolute">absolute difference</option>
        </select>
      </label>
      {engine !== 'bayesian' && (
        <>
          <label>
            Correction{' '}
            <select
              value={ui.correction ?? defaults.correction}
              onChange={(e) => ui.set({ correction: e.target.value as keyof typeof CORRECTION_LABELS })}
              aria-label="Multiple-testing correction"
            >
              {CORRECTIONS.map((c) => (
                <option key={c} value={c}>
                  {CORRECTION_LABELS[c]}
                </option>
              ))}
            </select>
          </label>
          {(ui.correction ?? defaults.correction) !== 'none' && (
            <label title="Which p-values are corrected together (guardrails are never in the family)">
              Family{' '}
              <select
                value={ui.family ?? defaults.family}
                onChange={(e) => ui.set({ family: e.target.value as 'all' | 'metric' })}
                aria-label="Correction family"
              >
                <option value="all">all goal metrics, variations and values</option>
                <option value="metric">within each metric</option>
              </select>
            </label>
          )}
        </>
      )}
    </div>
  )
}
