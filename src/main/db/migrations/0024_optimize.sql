-- Optimisation: tuning studies imported from Optuna storages (RDB SQLite files and journal files). A re-import of a
-- storage updates its studies in place (trials are keyed by number); a study first seen in an import stays hidden
-- (state 'importing') until the import ends, and is removed if it fails or is cancelled.
CREATE TABLE optimize_studies (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('rdb', 'journal')),
  name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('importing', 'ready')),
  directions TEXT NOT NULL,
  user_attrs TEXT NOT NULL DEFAULT '{}',
  param_specs TEXT NOT NULL DEFAULT '[]',
  -- why each pruned trial was pruned (analysis.ts PruneTracker), computed by the import
  prune_notes TEXT NOT NULL DEFAULT '[]',
  -- parameter importances per objective (analysis.ts importancesOf), computed by the import
  importances TEXT NOT NULL DEFAULT '[]',
  imported_at INTEGER NOT NULL,
  UNIQUE (source, name)
) STRICT;

CREATE TABLE optimize_trials (
  study_id INTEGER NOT NULL REFERENCES optimize_studies (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING')),
  -- JSON array, one value per objective; non-finite values as "inf", "-inf", "nan"
  vals TEXT NOT NULL,
  -- the first objective's value, for ordering (NULL when none or not finite)
  value0 REAL,
  params TEXT NOT NULL,
  user_attrs TEXT NOT NULL DEFAULT '{}',
  started_at INTEGER,
  completed_at INTEGER,
  steps INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (study_id, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE optimize_intermediate (
  study_id INTEGER NOT NULL REFERENCES optimize_studies (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (study_id, number, step)
) STRICT, WITHOUT ROWID;
