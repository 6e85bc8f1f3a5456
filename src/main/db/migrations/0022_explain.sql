-- Explainability: SHAP explanations of a model version (or a model file, endpoint or batch folder) over a data file,
-- stored with the data's hash and the algorithm's settings; values in chunks of rows; model endpoints the console may call.
CREATE TABLE explain_endpoints (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  batch_rows INTEGER NOT NULL,
  timeout_ms INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE explain_runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
  job_id TEXT,
  -- a registry version (models area), kept by id and label: deleting the version keeps the explanation
  version_id INTEGER,
  version_label TEXT,
  model_kind TEXT NOT NULL CHECK (model_kind IN ('xgboost', 'lightgbm', 'endpoint', 'batch-files')),
  model_source TEXT NOT NULL,
  model_sha256 TEXT,
  data_path TEXT NOT NULL,
  data_sha256 TEXT NOT NULL DEFAULT '',
  algorithm TEXT NOT NULL CHECK (algorithm IN ('tree-path', 'tree-interventional', 'permutation', 'kernel')),
  settings TEXT NOT NULL,
  rows INTEGER NOT NULL DEFAULT 0,
  features TEXT NOT NULL DEFAULT '[]',
  outputs TEXT NOT NULL DEFAULT '[]',
  link TEXT NOT NULL DEFAULT 'identity',
  expected TEXT NOT NULL DEFAULT '[]',
  summary TEXT,
  error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
) STRICT;
CREATE INDEX explain_runs_version ON explain_runs(version_id, created_at);

-- Rows in chunks, as packed little-endian float64 arrays: x (n × M), phi (n × K × M), fx (n × K), se (n × K × M,
-- sampled methods only), inter (n × K × M × M, interaction values only); row_ids (int32) are the rows in the file.
CREATE TABLE explain_chunks (
  run_id INTEGER NOT NULL REFERENCES explain_runs(id) ON DELETE CASCADE,
  chunk INTEGER NOT NULL,
  row0 INTEGER NOT NULL,
  n INTEGER NOT NULL,
  row_ids BLOB NOT NULL,
  x BLOB NOT NULL,
  phi BLOB NOT NULL,
  fx BLOB NOT NULL,
  se BLOB,
  inter BLOB,
  PRIMARY KEY (run_id, chunk)
) STRICT;
