-- Models: metric histories become visible in one short transaction. An import worker writes each changed run's
-- histories straight into model_metric_series and model_metric_latest under a new set in state 'staging', in short
-- transactions; no query sees a set until a run points at it (model_runs.metric_set). Publishing points the runs at
-- their new sets and retires the sets they replace; retired sets, and staging sets left by a cancelled, failed or
-- crashed import, are deleted later in small batches on a worker. Replaces model_import_staging.
CREATE TABLE model_metric_sets (
  id INTEGER PRIMARY KEY,
  run_uuid TEXT NOT NULL,
  job_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('staging', 'live', 'retired'))
) STRICT;
-- job_id: the import job that wrote the set
CREATE INDEX model_metric_sets_state ON model_metric_sets(state, job_id);

ALTER TABLE model_runs ADD COLUMN metric_set INTEGER;

-- the histories already imported: each run's set takes the run's id
INSERT INTO model_metric_sets (id, run_uuid, job_id, state) SELECT id, run_uuid, NULL, 'live' FROM model_runs;
UPDATE model_runs SET metric_set = id;

ALTER TABLE model_metric_series RENAME TO model_metric_series_by_run;
CREATE TABLE model_metric_series (
  set_id INTEGER NOT NULL REFERENCES model_metric_sets(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  steps BLOB NOT NULL,
  vals BLOB NOT NULL,
  timestamps BLOB NOT NULL,
  PRIMARY KEY (set_id, key)
) STRICT;
INSERT INTO model_metric_series (set_id, key, n, steps, vals, timestamps)
SELECT run_id, key, n, steps, vals, timestamps FROM model_metric_series_by_run;
DROP TABLE model_metric_series_by_run;

ALTER TABLE model_metric_latest RENAME TO model_metric_latest_by_run;
CREATE TABLE model_metric_latest (
  set_id INTEGER NOT NULL REFERENCES model_metric_sets(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value REAL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (set_id, key)
) WITHOUT ROWID, STRICT;
INSERT INTO model_metric_latest (set_id, key, value, step, timestamp)
SELECT run_id, key, value, step, timestamp FROM model_metric_latest_by_run;
DROP TABLE model_metric_latest_by_run;

DROP TABLE model_import_staging;
