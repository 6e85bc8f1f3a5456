-- Data and prediction drift: datasets stored column by column, checks, runs and per-column results.
CREATE TABLE drift_datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  mode TEXT NOT NULL CHECK (mode IN ('import', 'register')),
  path TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'parquet')),
  delimiter TEXT,
  has_header INTEGER NOT NULL DEFAULT 1,
  encoding TEXT NOT NULL DEFAULT 'utf-8',
  -- [{ name, kind }] as chosen when the dataset was saved; registered files are re-read with it
  schema TEXT NOT NULL,
  row_count INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  warnings TEXT NOT NULL DEFAULT '[]',
  -- the model version this data belongs to, as plain text (the registry is another area)
  model TEXT NOT NULL DEFAULT '',
  version TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT 'none' CHECK (role IN ('reference', 'current', 'none')),
  imported_at INTEGER NOT NULL
) STRICT;

-- One row per column: its kind, counts and (categorical/text) dictionary as JSON; the values live in
-- drift_column_segments as typed-array blobs of up to 131,072 values (1 MiB of float64) each: Float64Array for
-- numeric/datetime/boolean (NaN = missing), Int32Array of dictionary codes for categorical/text (-1 = missing).
-- Segments keep each write short, so a large import never holds the database for long.
CREATE TABLE drift_dataset_columns (
  dataset_id INTEGER NOT NULL REFERENCES drift_datasets(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  encoding TEXT NOT NULL CHECK (encoding IN ('f64', 'dict')),
  n INTEGER NOT NULL,
  missing INTEGER NOT NULL,
  n_unique INTEGER NOT NULL,
  message TEXT,
  dictionary TEXT,
  PRIMARY KEY (dataset_id, idx)
) STRICT;

CREATE TABLE drift_column_segments (
  dataset_id INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (dataset_id, idx, seg),
  FOREIGN KEY (dataset_id, idx) REFERENCES drift_dataset_columns(dataset_id, idx) ON DELETE CASCADE
) STRICT;

CREATE TABLE drift_checks (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  model TEXT NOT NULL DEFAULT '',
  version TEXT NOT NULL DEFAULT '',
  reference_id INTEGER NOT NULL REFERENCES drift_datasets(id),
  current_id INTEGER NOT NULL REFERENCES drift_datasets(id),
  schedule TEXT,
  next_run_at INTEGER,
  drift_share REAL NOT NULL DEFAULT 0.5,
  prediction_column TEXT,
  target_column TEXT,
  -- { column: { test?, threshold?, ignore? } }
  columns TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX drift_checks_reference ON drift_checks(reference_id);
CREATE INDEX drift_checks_current ON drift_checks(current_id);

CREATE TABLE drift_runs (
  id INTEGER PRIMARY KEY,
  check_id INTEGER NOT NULL REFERENCES drift_checks(id) ON DELETE CASCADE,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  share REAL,
  tested INTEGER NOT NULL DEFAULT 0,
  drifted INTEGER NOT NULL DEFAULT 0,
  dataset_drift INTEGER NOT NULL DEFAULT 0,
  prediction_drift INTEGER,
  target_drift INTEGER,
  reference_rows INTEGER NOT NULL DEFAULT 0,
  current_rows INTEGER NOT NULL DEFAULT 0,
  error TEXT
) STRICT;
CREATE INDEX drift_runs_check ON drift_runs(check_id, started_at);

-- Per-column result of a run; `result` is the ColumnResult as JSON, `detail` the histograms/ECDF/category shares.
CREATE TABLE drift_run_columns (
  run_id INTEGER NOT NULL REFERENCES drift_runs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  drifted INTEGER NOT NULL,
  result TEXT NOT NULL,
  detail TEXT,
  PRIMARY KEY (run_id, idx)
) STRICT;
CREATE INDEX drift_run_columns_name ON drift_run_columns(run_id, name);
