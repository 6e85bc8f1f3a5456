-- Model registry: imported MLflow experiments and runs (compact metric histories), models, versions,
-- aliases, stage transitions, offline evaluations.
CREATE TABLE model_sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('mlruns', 'mlflow-db', 'table')),
  path TEXT NOT NULL,
  last_imported_at INTEGER NOT NULL,
  UNIQUE (kind, path)
) STRICT;

CREATE TABLE model_experiments (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES model_sources(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  name TEXT NOT NULL,
  artifact_location TEXT,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  created_at INTEGER,
  updated_at INTEGER,
  tags TEXT NOT NULL DEFAULT '{}',
  UNIQUE (source_id, external_id)
) STRICT;

CREATE TABLE model_runs (
  id INTEGER PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES model_experiments(id) ON DELETE CASCADE,
  run_uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER,
  end_time INTEGER,
  user_id TEXT,
  artifact_uri TEXT,
  lifecycle_stage TEXT NOT NULL DEFAULT 'active',
  content_hash TEXT NOT NULL,
  imported_at INTEGER NOT NULL
) STRICT;
CREATE INDEX model_runs_experiment ON model_runs(experiment_id);

CREATE TABLE model_run_params (
  run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID, STRICT;

CREATE TABLE model_run_tags (
  run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID, STRICT;

-- One row per (run, metric key): the whole history as packed little-endian Float64Array blobs, in logged order.
CREATE TABLE model_metric_series (
  run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  steps BLOB NOT NULL,
  vals BLOB NOT NULL,
  timestamps BLOB NOT NULL,
  PRIMARY KEY (run_id, key)
) STRICT;

-- Latest value per (run, key) as MLflow defines it: highest step, then latest timestamp, then largest value.
CREATE TABLE model_metric_latest (
  run_id INTEGER NOT NULL REFERENCES model_runs(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value REAL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID, STRICT;

-- Import staging: rows written per run while an import job parses; moved in one transaction at the end.
CREATE TABLE model_import_staging (
  job_id TEXT NOT NULL,
  run_uuid TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  steps BLOB NOT NULL,
  vals BLOB NOT NULL,
  timestamps BLOB NOT NULL,
  latest_value REAL,
  latest_step INTEGER NOT NULL,
  latest_ts INTEGER NOT NULL,
  PRIMARY KEY (job_id, run_uuid, key)
) STRICT;

-- Which way is better for a metric; overrides the name-based guess.
CREATE TABLE model_metric_directions (
  key TEXT PRIMARY KEY,
  higher_is_better INTEGER NOT NULL CHECK (higher_is_better IN (0, 1))
) STRICT;

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '{}',
  card TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE model_versions (
  id INTEGER PRIMARY KEY,
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version > 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  run_id INTEGER REFERENCES model_runs(id) ON DELETE SET NULL,
  run_uuid TEXT,
  source TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'READY',
  stage TEXT NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
  imported_stage TEXT,
  description TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '{}',
  artifact_path TEXT,
  artifact_sha256 TEXT,
  artifact_size INTEGER,
  dataset TEXT,
  notes TEXT NOT NULL DEFAULT '',
  card TEXT NOT NULL DEFAULT '',
  parent_version_id INTEGER REFERENCES model_versions(id) ON DELETE SET NULL,
  UNIQUE (model_id, version)
) STRICT;
CREATE INDEX model_versions_run ON model_versions(run_id);

CREATE TABLE model_aliases (
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (model_id, alias)
) WITHOUT ROWID, STRICT;

CREATE TABLE model_stage_transitions (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  from_stage TEXT NOT NULL,
  to_stage TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX model_stage_transitions_version ON model_stage_transitions(version_id, at);

CREATE TABLE model_evaluations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  task TEXT NOT NULL CHECK (task IN ('classification', 'regression')),
  holdout_path TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  settings TEXT NOT NULL,
  result TEXT NOT NULL
) STRICT;

CREATE TABLE model_evaluation_versions (
  evaluation_id INTEGER NOT NULL REFERENCES model_evaluations(id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (evaluation_id, version_id)
) WITHOUT ROWID, STRICT;
CREATE INDEX model_evaluation_versions_version ON model_evaluation_versions(version_id);
