-- MLOps: job definitions (a command template with typed parameters), their triggers, runs with logs on disk and
-- sampled resources, parameter sweeps, deployment targets that follow a model's alias, and their deployment history.
-- Registry versions belong to the models area: they are kept here by id and label only.
CREATE TABLE mlops_jobs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  -- secret environment variables as sealed JSON ({ NAME: value })
  secrets BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE mlops_triggers (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES mlops_jobs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('cron', 'drift', 'file', 'job')),
  config TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  last_fired_at INTEGER,
  -- file triggers: the signature of the watched path when last seen
  watch_state TEXT
) STRICT;
CREATE INDEX mlops_triggers_job ON mlops_triggers(job_id);

CREATE TABLE mlops_sweeps (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES mlops_jobs(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('grid', 'random')),
  space TEXT NOT NULL,
  parallelism INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE mlops_runs (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES mlops_jobs(id) ON DELETE CASCADE,
  job_uuid TEXT,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  trigger TEXT NOT NULL,
  reason TEXT NOT NULL,
  params TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  exit_code INTEGER,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  cpu_ms REAL,
  max_rss_bytes INTEGER,
  samples TEXT NOT NULL DEFAULT '[]',
  log_path TEXT,
  log_bytes INTEGER NOT NULL DEFAULT 0,
  output_dir TEXT,
  code_version TEXT,
  data_path TEXT,
  version_id INTEGER,
  version_label TEXT,
  parent_version_id INTEGER,
  sweep_id INTEGER REFERENCES mlops_sweeps(id) ON DELETE SET NULL,
  -- the run's own metrics (MLflow run or metrics.json), as JSON
  metrics TEXT,
  gate TEXT,
  error TEXT
) STRICT;
CREATE INDEX mlops_runs_job ON mlops_runs(job_id, id);
CREATE INDEX mlops_runs_sweep ON mlops_runs(sweep_id);

CREATE TABLE mlops_targets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  model_name TEXT NOT NULL,
  follow TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('endpoint', 'folder')),
  config TEXT NOT NULL,
  secret BLOB,
  deployed_version_id INTEGER,
  deployed_label TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE mlops_deployments (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES mlops_targets(id) ON DELETE CASCADE,
  action TEXT NOT NULL CHECK (action IN ('push', 'verify', 'rollback')),
  version_id INTEGER NOT NULL,
  version_label TEXT NOT NULL,
  previous_version_id INTEGER,
  ok INTEGER NOT NULL,
  detail TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX mlops_deployments_target ON mlops_deployments(target_id, id);
