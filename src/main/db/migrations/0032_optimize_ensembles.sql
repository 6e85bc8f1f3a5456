-- Optimisation: ensembles of registered versions built from their holdout predictions. Weights are fitted on the
-- holdout's even rows and evaluated on its odd rows; the evaluation (the models area's offline evaluation) is kept as JSON.
CREATE TABLE optimize_ensembles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  task TEXT NOT NULL CHECK (task IN ('classification', 'regression')),
  method TEXT NOT NULL CHECK (method IN ('average', 'nnls', 'caruana')),
  holdout_path TEXT NOT NULL,
  -- the EnsembleInput as given
  spec TEXT NOT NULL,
  -- [{ versionId, label, champion }]
  members TEXT NOT NULL,
  -- { average: [...], nnls: [...], caruana: [...] }, one weight per member
  weights TEXT NOT NULL,
  -- rows, fitRows, evalRows, rounds, caruanaTrace, evaluated, paired, notes
  detail TEXT NOT NULL,
  loss_key TEXT NOT NULL,
  ensemble_loss REAL NOT NULL,
  champion_loss REAL NOT NULL,
  champion_label TEXT NOT NULL,
  beats_champion INTEGER NOT NULL CHECK (beats_champion IN (0, 1)),
  registered_version_id INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX optimize_ensembles_created ON optimize_ensembles (created_at DESC);

-- Optimised-versus-base comparisons: a base version, its variants (quantised, pruned, distilled) and the gate's verdicts.
CREATE TABLE optimize_variant_comparisons (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- the VariantsInput as given
  spec TEXT NOT NULL,
  -- the VariantComparison without id and createdAt
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
