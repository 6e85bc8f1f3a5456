import { create } from 'zustand'
import type { Engine } from '../../../../shared/contract/experiments'

/** How results are looked at (kept while moving between an experiment's tabs); null: the experiment's own setting. */
interface ExperimentsUi {
  engine: Engine | null
  difference: 'relative' | 'absolute'
  correction: 'none' | 'holm-bonferroni' | 'benjamini-hochberg' | null
  family: 'all' | 'metric' | null
  /** Experiments whose SRM banner the user chose to read past (the banner stays). */
  srmAcknowledged: number[]
  set(patch: Partial<Omit<ExperimentsUi, 'set'>>): void
}

export const useExperimentsUi = create<ExperimentsUi>()((set) => ({
  engine: null,
  difference: 'relative',
  correction: null,
  family: null,
  srmAcknowledged: [],
  set: (patch) => set(patch)
}))

/** The results query's input for the current view settings. */
export function analysisInput(ui: Pick<ExperimentsUi, 'engine' | 'difference' | 'correction' | 'family'>) {
  return {
    difference: ui.difference,
    ...(ui.engine ? { engine: ui.engine } : {}),
    ...(ui.correction ? { correction: ui.correction } : {}),
    ...(ui.family ? { family: ui.family } : {})
  }
}
