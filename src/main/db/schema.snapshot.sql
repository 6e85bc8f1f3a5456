CREATE INDEX alert_events_alert ON alert_events(alert_id, at);

CREATE INDEX alert_notes_alert ON alert_notes(alert_id, at);

CREATE INDEX alert_rules_service ON alert_rules(service_id);

CREATE UNIQUE INDEX alerts_open ON alerts(rule_id, target) WHERE state != 'resolved';

CREATE INDEX alerts_state ON alerts(state, pending_since);

CREATE INDEX audit_log_by_at ON audit_log (at);

CREATE INDEX audit_log_by_channel ON audit_log (channel, at);

CREATE INDEX audit_log_by_user ON audit_log (user_name, at);

CREATE INDEX checks_service ON checks(service_id);

CREATE INDEX cost_import_periods_state ON cost_import_periods(account, billing_period, state);

CREATE INDEX cost_rows_day ON cost_rows(day);

CREATE INDEX cost_rows_manual ON cost_rows(manual_id) WHERE manual_id IS NOT NULL;

CREATE INDEX cost_rows_segment ON cost_rows(import_id, account, billing_period) WHERE import_id IS NOT NULL;

CREATE INDEX deliveries_alert ON deliveries(alert_id, at);

CREATE INDEX deliveries_channel ON deliveries(channel_id, at);

CREATE INDEX drift_checks_current ON drift_checks(current_id);

CREATE INDEX drift_checks_reference ON drift_checks(reference_id);

CREATE INDEX drift_run_columns_name ON drift_run_columns(run_id, name);

CREATE INDEX drift_runs_check ON drift_runs(check_id, started_at);

CREATE INDEX experiments_decisions_by_experiment ON experiments_decisions (experiment_id, decided_at);

CREATE INDEX experiments_imports_by_experiment ON experiments_imports (experiment_id, state, id);

CREATE INDEX explain_runs_version ON explain_runs(version_id, created_at);

CREATE INDEX extension_logs_by_extension ON extension_logs (extension_id, id);

CREATE INDEX features_materializations_view ON features_materializations (view_id, at DESC);

CREATE INDEX features_training_set_views_view ON features_training_set_views (view_name);

CREATE INDEX health_incidents_open ON health_incidents(ended_at) WHERE ended_at IS NULL;

CREATE INDEX health_incidents_service ON health_incidents(service_id, started_at);

CREATE INDEX jobs_area_created ON jobs (area, created_at DESC);

CREATE INDEX jobs_created ON jobs (created_at DESC);

CREATE INDEX logs_counts_minute ON logs_counts (minute);

CREATE INDEX logs_issues_last_seen ON logs_issues (last_seen DESC);

CREATE INDEX logs_lines_stream_ts ON logs_lines (stream_id, ts);

CREATE INDEX metrics_series_name ON metrics_series (name);

CREATE INDEX mlops_deployments_target ON mlops_deployments(target_id, id);

CREATE INDEX mlops_runs_job ON mlops_runs(job_id, id);

CREATE INDEX mlops_runs_sweep ON mlops_runs(sweep_id);

CREATE INDEX mlops_triggers_job ON mlops_triggers(job_id);

CREATE INDEX model_evaluation_versions_version ON model_evaluation_versions(version_id);

CREATE INDEX model_metric_sets_state ON model_metric_sets(state, job_id);

CREATE INDEX model_runs_experiment ON model_runs(experiment_id);

CREATE INDEX model_stage_transitions_version ON model_stage_transitions(version_id, at);

CREATE INDEX model_versions_run ON model_versions(run_id);

CREATE INDEX optimize_ensembles_created ON optimize_ensembles (created_at DESC);

CREATE INDEX results_ts ON results(ts);

CREATE INDEX rollup_hour_bucket ON rollup_hour(bucket, check_id, count, failures, maintenance);

CREATE INDEX rollup_minute_bucket ON rollup_minute(bucket);

CREATE INDEX status_page_notes_page ON status_page_notes(page_id, at);

CREATE INDEX testing_deploys_at ON testing_deploys(at);

CREATE INDEX testing_deploys_service ON testing_deploys(service_id, at);

CREATE INDEX testing_drills_started ON testing_drills(started_at);

CREATE INDEX testing_load_runs_test ON testing_load_runs(test_id, started_at);

CREATE INDEX testing_scans_target ON testing_scans(target_id, started_at);

CREATE INDEX testing_suite_runs_suite ON testing_suite_runs(suite_id, due_at);

CREATE INDEX testing_suite_runs_waiting ON testing_suite_runs(due_at) WHERE state = 'waiting';

CREATE TABLE alert_channels (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  config TEXT NOT NULL,
  secret BLOB,
  secret_hint TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE alert_default_rules (
  key TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);

CREATE TABLE alert_events (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE alert_notes (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL
);

CREATE TABLE alert_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
  check_id INTEGER REFERENCES checks(id) ON DELETE CASCADE,
  condition TEXT NOT NULL,
  for_s INTEGER NOT NULL DEFAULT 0,
  severity TEXT NOT NULL,
  labels TEXT NOT NULL DEFAULT '{}',
  runbook TEXT NOT NULL DEFAULT '',
  channel_ids TEXT NOT NULL DEFAULT '[]',
  reminder_s INTEGER NOT NULL DEFAULT 0,
  notify_resolve INTEGER NOT NULL DEFAULT 1,
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  service_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
  severity TEXT NOT NULL,
  summary TEXT NOT NULL,
  value REAL,
  labels TEXT NOT NULL DEFAULT '{}',
  pending_since INTEGER NOT NULL,
  fired_at INTEGER,
  resolved_at INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  snoozed_until INTEGER,
  last_notified_at INTEGER,
  flapping INTEGER NOT NULL DEFAULT 0
, failure TEXT) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER,
  user_name TEXT NOT NULL,
  role TEXT NOT NULL,
  transport TEXT NOT NULL,
  channel TEXT NOT NULL,
  area TEXT NOT NULL,
  object TEXT,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'refused')),
  error TEXT,
  input TEXT NOT NULL,
  result TEXT,
  before TEXT,
  after TEXT,
  duration_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE check_components (
  check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  observed_value TEXT,
  observed_unit TEXT,
  component_type TEXT,
  time TEXT,
  output TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (check_id, key)
) WITHOUT ROWID, STRICT;

CREATE TABLE check_state (
  check_id INTEGER PRIMARY KEY REFERENCES checks(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  since INTEGER NOT NULL,
  last_run_at INTEGER,
  last_latency_ms REAL,
  last_status_code INTEGER,
  last_error TEXT,
  last_error_kind TEXT,
  last_snippet TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  consecutive_successes INTEGER NOT NULL DEFAULT 0,
  cert_expires_at INTEGER,
  cert_days_left REAL
) STRICT;

CREATE TABLE checks (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  config TEXT NOT NULL,
  interval_s INTEGER NOT NULL DEFAULT 60 CHECK (interval_s >= 5),
  retries INTEGER NOT NULL DEFAULT 0 CHECK (retries >= 0),
  paused INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (service_id, name)
) STRICT;

CREATE TABLE cost_budget_alerts (
  budget_id INTEGER NOT NULL REFERENCES cost_budgets(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  basis TEXT NOT NULL CHECK (basis IN ('actual', 'forecast')),
  threshold INTEGER NOT NULL,
  amount_nano INTEGER NOT NULL,
  budget_nano INTEGER NOT NULL,
  fired_at INTEGER NOT NULL, amount_giga INTEGER NOT NULL DEFAULT 0, amount_units INTEGER NOT NULL DEFAULT 0, budget_giga INTEGER NOT NULL DEFAULT 0, budget_units INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (budget_id, period, basis, threshold)
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_budgets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly')),
  amount_nano INTEGER NOT NULL,
  currency TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'service', 'tag')),
  scope_key TEXT,
  scope_value TEXT,
  basis TEXT NOT NULL DEFAULT 'billed' CHECK (basis IN ('billed', 'effective')),
  thresholds TEXT NOT NULL,
  forecast_thresholds TEXT NOT NULL,
  created_at INTEGER NOT NULL
, amount_giga INTEGER NOT NULL DEFAULT 0, amount_units INTEGER NOT NULL DEFAULT 0) STRICT;

CREATE TABLE cost_daily (
  day TEXT NOT NULL,
  service TEXT NOT NULL,
  service_category TEXT NOT NULL,
  region TEXT NOT NULL,
  account TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  charge_category TEXT NOT NULL,
  currency TEXT NOT NULL,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  list_nano INTEGER NOT NULL,
  rows INTEGER NOT NULL, billed_giga INTEGER NOT NULL DEFAULT 0, billed_units INTEGER NOT NULL DEFAULT 0, effective_giga INTEGER NOT NULL DEFAULT 0, effective_units INTEGER NOT NULL DEFAULT 0, list_giga INTEGER NOT NULL DEFAULT 0, list_units INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, service, service_category, region, account, sub_account, charge_category, currency)
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_import_daily (
  import_id INTEGER NOT NULL REFERENCES cost_imports(id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  billing_period TEXT NOT NULL,
  day TEXT NOT NULL,
  service TEXT NOT NULL,
  service_category TEXT NOT NULL,
  region TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  charge_category TEXT NOT NULL,
  currency TEXT NOT NULL,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  list_nano INTEGER NOT NULL,
  rows INTEGER NOT NULL, billed_giga INTEGER NOT NULL DEFAULT 0, billed_units INTEGER NOT NULL DEFAULT 0, effective_giga INTEGER NOT NULL DEFAULT 0, effective_units INTEGER NOT NULL DEFAULT 0, list_giga INTEGER NOT NULL DEFAULT 0, list_units INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (import_id, account, billing_period, day, service, service_category, region, sub_account, charge_category, currency)
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_import_periods (
  import_id INTEGER NOT NULL REFERENCES cost_imports(id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  billing_period TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('staging', 'live', 'retired')),
  rows INTEGER NOT NULL,
  lo_day TEXT,
  hi_day TEXT,
  PRIMARY KEY (import_id, account, billing_period)
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_imports (
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES cost_sources(id) ON DELETE SET NULL,
  file TEXT NOT NULL,
  format TEXT NOT NULL,
  rows INTEGER NOT NULL,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  currency TEXT NOT NULL,
  periods TEXT NOT NULL,
  replaced_rows INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL
, state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('staging', 'live', 'retired')), billed_giga INTEGER NOT NULL DEFAULT 0, billed_units INTEGER NOT NULL DEFAULT 0, effective_giga INTEGER NOT NULL DEFAULT 0, effective_units INTEGER NOT NULL DEFAULT 0) STRICT;

CREATE TABLE cost_manual (
  id INTEGER PRIMARY KEY,
  service TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT 'SaaS',
  amount_nano INTEGER NOT NULL,
  currency TEXT NOT NULL,
  recurrence TEXT NOT NULL CHECK (recurrence IN ('once', 'monthly')),
  start_day TEXT NOT NULL,
  end_day TEXT,
  tags TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
, amount_giga INTEGER NOT NULL DEFAULT 0, amount_units INTEGER NOT NULL DEFAULT 0) STRICT;

CREATE TABLE cost_report_schedules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  cadence TEXT NOT NULL CHECK (cadence IN ('monthly', 'weekly', 'cron')),
  cron TEXT,
  recipients TEXT NOT NULL DEFAULT '[]',
  scope TEXT NOT NULL DEFAULT '{}',
  next_run_at INTEGER NOT NULL,
  last_run_at INTEGER,
  created_at INTEGER NOT NULL
, timezone TEXT NOT NULL DEFAULT 'UTC') STRICT;

CREATE TABLE cost_rows (
  id INTEGER PRIMARY KEY,
  import_id INTEGER REFERENCES cost_imports(id) ON DELETE CASCADE,
  manual_id INTEGER REFERENCES cost_manual(id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  billing_period TEXT NOT NULL,
  day TEXT NOT NULL,
  charge_start INTEGER NOT NULL,
  charge_end INTEGER,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  list_nano INTEGER,
  currency TEXT NOT NULL,
  charge_category TEXT NOT NULL,
  service TEXT NOT NULL,
  service_category TEXT NOT NULL,
  region TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  sub_account_name TEXT,
  resource_id TEXT,
  resource_name TEXT,
  consumed_qty REAL,
  consumed_unit TEXT,
  provider TEXT,
  tags TEXT,
  extra TEXT
, billed_giga INTEGER NOT NULL DEFAULT 0, billed_units INTEGER NOT NULL DEFAULT 0, effective_giga INTEGER NOT NULL DEFAULT 0, effective_units INTEGER NOT NULL DEFAULT 0, list_giga INTEGER, list_units INTEGER) STRICT;

CREATE TABLE cost_service_links (
  cost_service TEXT NOT NULL,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  PRIMARY KEY (cost_service, service_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('focus', 'mapped')),
  mapping TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE dashboard_versions (
  dashboard_id INTEGER NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  model TEXT NOT NULL,
  author TEXT NOT NULL,
  message TEXT NOT NULL,
  restored_from INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (dashboard_id, version)
) STRICT;

CREATE TABLE dashboards (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  version INTEGER NOT NULL,
  model TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER REFERENCES alerts(id) ON DELETE SET NULL,
  channel_id INTEGER NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('sending', 'ok', 'failed')),
  error TEXT,
  response_code INTEGER,
  duration_ms REAL
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
, timezone TEXT NOT NULL DEFAULT '') STRICT;

CREATE TABLE drift_column_segments (
  dataset_id INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (dataset_id, idx, seg),
  FOREIGN KEY (dataset_id, idx) REFERENCES drift_dataset_columns(dataset_id, idx) ON DELETE CASCADE
) STRICT;

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

CREATE TABLE drift_run_columns (
  run_id INTEGER NOT NULL REFERENCES drift_runs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  drifted INTEGER NOT NULL,
  result TEXT NOT NULL,
  detail TEXT,
  PRIMARY KEY (run_id, idx)
) STRICT;

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

CREATE TABLE experiments_decisions (
  id INTEGER PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments_defs(id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('ship', 'rollback', 'keep-running')),
  variation INTEGER,
  reason TEXT NOT NULL,
  decided_by TEXT NOT NULL,
  decided_at INTEGER NOT NULL,
  -- JSON: engine and primary-metric figures at the time
  snapshot TEXT NOT NULL
) STRICT;

CREATE TABLE experiments_defs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  hypothesis TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'stopped', 'decided')),
  coverage REAL NOT NULL DEFAULT 1,
  hash_attribute TEXT NOT NULL DEFAULT 'user_id',
  seed TEXT NOT NULL DEFAULT '',
  hash_version INTEGER NOT NULL DEFAULT 2 CHECK (hash_version IN (1, 2)),
  flag_key TEXT NOT NULL DEFAULT '',
  -- JSON array of dimension column names
  dimensions TEXT NOT NULL DEFAULT '[]',
  mde REAL NOT NULL DEFAULT 0.02,
  alpha REAL NOT NULL DEFAULT 0.05,
  target_power REAL NOT NULL DEFAULT 0.8,
  engine TEXT NOT NULL DEFAULT 'frequentist' CHECK (engine IN ('frequentist', 'sequential', 'bayesian')),
  sequential_tuning REAL NOT NULL DEFAULT 5000,
  prior_proper INTEGER NOT NULL DEFAULT 0,
  prior_mean REAL NOT NULL DEFAULT 0,
  prior_sd REAL NOT NULL DEFAULT 0.3,
  correction TEXT NOT NULL DEFAULT 'none',
  family TEXT NOT NULL DEFAULT 'all',
  cuped_lookback_days REAL NOT NULL DEFAULT 14,
  started_at INTEGER,
  stopped_at INTEGER,
  -- what "promote the winner" last did in the registry, as text
  promotion TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE experiments_imports (
  id INTEGER PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments_defs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('events', 'sums')),
  state TEXT NOT NULL CHECK (state IN ('staging', 'ready', 'failed')),
  files TEXT NOT NULL,
  job_id TEXT,
  report TEXT,
  created_at INTEGER NOT NULL,
  ready_at INTEGER
) STRICT;

CREATE TABLE experiments_metrics (
  experiment_id INTEGER NOT NULL REFERENCES experiments_defs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('proportion', 'mean', 'ratio')),
  event TEXT NOT NULL DEFAULT '',
  numerator TEXT NOT NULL DEFAULT '',
  denominator TEXT NOT NULL DEFAULT '',
  window_hours REAL,
  role TEXT NOT NULL CHECK (role IN ('primary', 'secondary', 'guardrail')),
  higher_is_better INTEGER NOT NULL DEFAULT 1,
  cuped INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (experiment_id, idx),
  UNIQUE (experiment_id, key)
) STRICT;

CREATE TABLE experiments_sums (
  import_id INTEGER NOT NULL REFERENCES experiments_imports(id) ON DELETE CASCADE,
  metric TEXT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  variation INTEGER NOT NULL,
  day INTEGER NOT NULL,
  n REAL NOT NULL,
  x REAL NOT NULL,
  xx REAL NOT NULL,
  d REAL NOT NULL,
  dd REAL NOT NULL,
  xd REAL NOT NULL,
  p REAL NOT NULL,
  pp REAL NOT NULL,
  xp REAL NOT NULL,
  q REAL NOT NULL,
  qq REAL NOT NULL,
  pq REAL NOT NULL,
  dq REAL NOT NULL,
  xq REAL NOT NULL,
  pd REAL NOT NULL,
  PRIMARY KEY (import_id, metric, dimension, value, variation, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE experiments_units (
  import_id INTEGER NOT NULL REFERENCES experiments_imports(id) ON DELETE CASCADE,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  variation INTEGER NOT NULL,
  day INTEGER NOT NULL,
  units REAL NOT NULL,
  PRIMARY KEY (import_id, dimension, value, variation, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE experiments_variations (
  experiment_id INTEGER NOT NULL REFERENCES experiments_defs(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  weight REAL NOT NULL,
  -- a version of the registry (models area), by id; not a foreign key: the registry is another area
  model_version_id INTEGER,
  PRIMARY KEY (experiment_id, idx)
) STRICT;

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

CREATE TABLE extension_logs (
  id INTEGER PRIMARY KEY,
  extension_id TEXT NOT NULL REFERENCES extensions(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;

CREATE TABLE extensions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  publisher TEXT NOT NULL,
  manifest TEXT NOT NULL,
  granted TEXT NOT NULL,
  signed INTEGER NOT NULL,
  source TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  restarts INTEGER NOT NULL DEFAULT 0,
  installed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE features_materializations (
  id INTEGER PRIMARY KEY,
  view_id INTEGER NOT NULL REFERENCES features_views(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('incremental', 'window')),
  from_ts INTEGER,
  to_ts INTEGER NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_in_window INTEGER NOT NULL,
  keys_written INTEGER NOT NULL,
  at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE features_online (
  view_id INTEGER NOT NULL REFERENCES features_views(id) ON DELETE CASCADE,
  entity_key TEXT NOT NULL,
  event_ts INTEGER NOT NULL,
  created_ts INTEGER,
  vals TEXT NOT NULL,
  PRIMARY KEY (view_id, entity_key)
) WITHOUT ROWID, STRICT;

CREATE TABLE features_online_state (
  view_id INTEGER PRIMARY KEY REFERENCES features_views(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  from_ts INTEGER,
  to_ts INTEGER NOT NULL,
  keys INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;

CREATE TABLE features_statistics (
  view_id INTEGER PRIMARY KEY REFERENCES features_views(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  computed_at INTEGER NOT NULL,
  as_of INTEGER NOT NULL,
  snapshot TEXT NOT NULL
) STRICT;

CREATE TABLE features_training_set_views (
  training_set_id INTEGER NOT NULL REFERENCES features_training_sets(id) ON DELETE CASCADE,
  view_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (training_set_id, view_name)
) WITHOUT ROWID, STRICT;

CREATE TABLE features_training_sets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'parquet')),
  output_path TEXT NOT NULL,
  manifest_path TEXT NOT NULL,
  manifest TEXT NOT NULL,
  request TEXT NOT NULL,
  model_version_id INTEGER,
  model_version_label TEXT,
  drift_checks TEXT NOT NULL DEFAULT '[]'
) STRICT;

CREATE TABLE features_view_versions (
  view_id INTEGER NOT NULL REFERENCES features_views(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  change TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (view_id, version)
) WITHOUT ROWID, STRICT;

CREATE TABLE features_views (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  owner TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '{}',
  ttl_s INTEGER NOT NULL DEFAULT 0,
  current_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE health_incidents (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  check_id INTEGER REFERENCES checks(id) ON DELETE SET NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  cause TEXT NOT NULL,
  error_kind TEXT
) STRICT;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  area TEXT NOT NULL,
  title TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  done REAL NOT NULL DEFAULT 0,
  total REAL,
  unit TEXT NOT NULL DEFAULT '',
  message TEXT,
  error TEXT,
  route TEXT,
  result TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER
) STRICT;

CREATE TABLE logs_counts (
  stream_id INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (stream_id, minute)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_files (
  source_id INTEGER NOT NULL REFERENCES logs_sources (id) ON DELETE CASCADE,
  file_key TEXT NOT NULL,
  path TEXT NOT NULL,
  offset INTEGER NOT NULL,
  -- sha1 of the first bytes: tells a new file that reused an inode, or a truncate-and-rewrite
  head TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (source_id, file_key)
) STRICT;

CREATE VIRTUAL TABLE logs_fts USING fts5 (line, content = '', contentless_delete = 1, tokenize = 'unicode61');

CREATE TABLE 'logs_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'logs_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'logs_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

CREATE TABLE 'logs_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE logs_hour_counts (
  stream_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  minutes TEXT NOT NULL,
  PRIMARY KEY (stream_id, hour)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_hour_dirty (
  stream_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  PRIMARY KEY (stream_id, hour)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_issue_hours (
  issue_id INTEGER NOT NULL REFERENCES logs_issues (id) ON DELETE CASCADE,
  hour INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (issue_id, hour)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_issues (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  service TEXT NOT NULL,
  type TEXT NOT NULL,
  title TEXT NOT NULL,
  frames TEXT NOT NULL DEFAULT '[]',
  sample TEXT NOT NULL,
  sample_line_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('new', 'regressed', 'resolved', 'ignored')),
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  count INTEGER NOT NULL,
  first_release TEXT,
  last_release TEXT,
  regressed_at INTEGER,
  regressed_release TEXT,
  resolved_at INTEGER,
  state_changed_at INTEGER NOT NULL
) STRICT;

CREATE TABLE logs_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  line TEXT NOT NULL,
  -- structured metadata (trace and span ids, OTLP attributes) as JSON, or NULL
  attrs TEXT
) STRICT;

CREATE TABLE logs_minute_ids (
  minute INTEGER PRIMARY KEY,
  min_id INTEGER NOT NULL,
  max_id INTEGER NOT NULL
) STRICT;

CREATE TABLE logs_saved_queries (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  query TEXT NOT NULL,
  range_s INTEGER NOT NULL DEFAULT 3600,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE logs_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('file', 'push', 'loki')),
  -- a monitored service (health area id); its name becomes the service label
  service_id INTEGER,
  environment TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT '',
  -- kind-specific settings as JSON (file: paths, startAt; push: protocol; loki: url, tenant)
  config TEXT NOT NULL DEFAULT '{}',
  -- loki: the sealed credentials (never sent back)
  secret BLOB,
  retention_days INTEGER NOT NULL DEFAULT 14 CHECK (retention_days BETWEEN 1 AND 3650),
  max_bytes INTEGER CHECK (max_bytes IS NULL OR max_bytes > 0),
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  -- set when deleted: its lines are removed in batches, then the row
  deleting INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE logs_streams (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES logs_sources (id) ON DELETE CASCADE,
  -- sorted label set as JSON; unique per source
  labels TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (source_id, labels)
) STRICT;

CREATE VIRTUAL TABLE logs_tri USING fts5 (line, content = '', contentless_delete = 1, tokenize = 'trigram', detail = 'none');

CREATE TABLE 'logs_tri_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'logs_tri_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'logs_tri_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);

CREATE TABLE 'logs_tri_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE maintenance_window_services (
  window_id INTEGER NOT NULL REFERENCES maintenance_windows(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  PRIMARY KEY (window_id, service_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE maintenance_windows (
  id INTEGER PRIMARY KEY,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('once', 'weekly')),
  starts_at INTEGER,
  ends_at INTEGER,
  days TEXT,
  start_time TEXT,
  duration_min INTEGER,
  time_zone TEXT,
  created_at INTEGER NOT NULL
, scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'services', 'environment', 'tag')), scope_value TEXT, updated_at INTEGER) STRICT;

CREATE TABLE metrics_recommendations (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('over-provisioned', 'under-provisioned', 'slow-endpoint', 'deploy-regression')),
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  evidence_query TEXT NOT NULL,
  baseline REAL NOT NULL,
  saving_per_month REAL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'dismissed', 'snoozed')),
  snoozed_until INTEGER,
  accepted_at INTEGER,
  measured REAL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
, saving_basis TEXT, saving_currency TEXT, breakdown TEXT) STRICT;

CREATE TABLE metrics_rollup_5m (
  series_id INTEGER NOT NULL REFERENCES metrics_series (id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  buckets BLOB NOT NULL,
  PRIMARY KEY (series_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE metrics_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  -- 0: the built-in store
  source_id INTEGER NOT NULL,
  query TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('threshold', 'predictive')),
  op TEXT NOT NULL CHECK (op IN ('>', '<')),
  threshold REAL NOT NULL,
  for_s INTEGER NOT NULL,
  horizon_s INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'pending', 'firing', 'error')),
  pending_since INTEGER,
  last_value REAL,
  last_message TEXT,
  last_eval_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE metrics_samples (
  series_id INTEGER NOT NULL REFERENCES metrics_series (id) ON DELETE CASCADE,
  t INTEGER NOT NULL,
  v REAL,
  PRIMARY KEY (series_id, t)
) STRICT, WITHOUT ROWID;

CREATE TABLE metrics_series (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  labels TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE metrics_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  auth TEXT NOT NULL CHECK (auth IN ('none', 'bearer', 'basic')),
  username TEXT,
  secret BLOB,
  tenant TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE metrics_targets (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  job TEXT NOT NULL,
  -- a health service, kept by name: the dashboard's service label value
  service TEXT,
  interval_s INTEGER NOT NULL CHECK (interval_s BETWEEN 1 AND 3600),
  last_scrape_at INTEGER,
  last_error TEXT,
  last_samples INTEGER,
  last_duration_ms REAL,
  created_at INTEGER NOT NULL
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

CREATE TABLE mlops_jobs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  -- secret environment variables as sealed JSON ({ NAME: value })
  secrets BLOB,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
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

CREATE TABLE mlops_sweeps (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES mlops_jobs(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('grid', 'random')),
  space TEXT NOT NULL,
  parallelism INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

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

CREATE TABLE model_aliases (
  model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  alias TEXT NOT NULL,
  version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (model_id, alias)
) WITHOUT ROWID, STRICT;

CREATE TABLE model_evaluation_versions (
  evaluation_id INTEGER NOT NULL REFERENCES model_evaluations(id) ON DELETE CASCADE,
  version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (evaluation_id, version_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE model_evaluations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  task TEXT NOT NULL CHECK (task IN ('classification', 'regression')),
  holdout_path TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  settings TEXT NOT NULL,
  result TEXT NOT NULL
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

CREATE TABLE model_metric_directions (
  key TEXT PRIMARY KEY,
  higher_is_better INTEGER NOT NULL CHECK (higher_is_better IN (0, 1))
) STRICT;

CREATE TABLE model_metric_latest (
  set_id INTEGER NOT NULL REFERENCES model_metric_sets(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value REAL,
  step INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (set_id, key)
) WITHOUT ROWID, STRICT;

CREATE TABLE model_metric_series (
  set_id INTEGER NOT NULL REFERENCES model_metric_sets(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  steps BLOB NOT NULL,
  vals BLOB NOT NULL,
  timestamps BLOB NOT NULL,
  PRIMARY KEY (set_id, key)
) STRICT;

CREATE TABLE model_metric_sets (
  id INTEGER PRIMARY KEY,
  run_uuid TEXT NOT NULL,
  job_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('staging', 'live', 'retired'))
) STRICT;

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
, metric_set INTEGER) STRICT;

CREATE TABLE model_sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('mlruns', 'mlflow-db', 'table')),
  path TEXT NOT NULL,
  last_imported_at INTEGER NOT NULL,
  UNIQUE (kind, path)
) STRICT;

CREATE TABLE model_stage_transitions (
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  from_stage TEXT NOT NULL,
  to_stage TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT ''
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

CREATE TABLE optimize_intermediate (
  study_id INTEGER NOT NULL REFERENCES optimize_studies (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (study_id, number, step)
) STRICT, WITHOUT ROWID;

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

CREATE TABLE optimize_variant_comparisons (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  -- the VariantsInput as given
  spec TEXT NOT NULL,
  -- the VariantComparison without id and createdAt
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE results (
  check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
  ts INTEGER NOT NULL,
  status INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  status_code INTEGER,
  maintenance INTEGER NOT NULL DEFAULT 0,
  error_kind TEXT,
  error TEXT,
  snippet TEXT,
  PRIMARY KEY (check_id, ts)
) WITHOUT ROWID, STRICT;

CREATE TABLE rollup_hour (
  check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  degraded INTEGER NOT NULL,
  maintenance INTEGER NOT NULL,
  lat_min REAL NOT NULL,
  lat_max REAL NOT NULL,
  lat_sum REAL NOT NULL,
  p50 REAL NOT NULL,
  p95 REAL NOT NULL,
  p99 REAL NOT NULL,
  hist BLOB NOT NULL,
  PRIMARY KEY (check_id, bucket)
) WITHOUT ROWID, STRICT;

CREATE TABLE rollup_minute (
  check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  degraded INTEGER NOT NULL,
  maintenance INTEGER NOT NULL,
  lat_min REAL NOT NULL,
  lat_max REAL NOT NULL,
  lat_sum REAL NOT NULL,
  p50 REAL NOT NULL,
  p95 REAL NOT NULL,
  p99 REAL NOT NULL,
  hist BLOB NOT NULL,
  PRIMARY KEY (check_id, bucket)
) WITHOUT ROWID, STRICT;

CREATE TABLE schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
);

CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  environment TEXT NOT NULL DEFAULT 'production',
  region TEXT NOT NULL DEFAULT 'default',
  description TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  UNIQUE (environment, name)
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE silences (
  id INTEGER PRIMARY KEY,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE status_page_notes (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE status_page_services (
  page_id INTEGER NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (page_id, service_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE status_pages (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE testing_breaker_tests (
  id INTEGER PRIMARY KEY,
  proxy_id INTEGER REFERENCES testing_proxies(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  job_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  verdict TEXT CHECK (verdict IN ('pass', 'fail')),
  report TEXT,
  error TEXT
) STRICT;

CREATE TABLE testing_deploys (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL,
  version TEXT NOT NULL,
  at INTEGER NOT NULL,
  link TEXT,
  source TEXT NOT NULL CHECK (source IN ('form', 'api', 'webhook')),
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
, failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1))) STRICT;

CREATE TABLE testing_drills (
  id INTEGER PRIMARY KEY,
  job_id TEXT,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  ok INTEGER,
  backup_ms REAL,
  restore_ms REAL,
  verify_ms REAL,
  size_bytes INTEGER,
  tables TEXT,
  error TEXT
) STRICT;

CREATE TABLE testing_load_runs (
  id INTEGER PRIMARY KEY,
  test_id INTEGER NOT NULL REFERENCES testing_load_tests(id) ON DELETE CASCADE,
  job_id TEXT,
  purpose TEXT NOT NULL CHECK (purpose IN ('manual', 'verification')),
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  verdict TEXT CHECK (verdict IN ('pass', 'fail')),
  report TEXT,
  health TEXT,
  error TEXT
) STRICT;

CREATE TABLE testing_load_tests (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  service_id INTEGER,
  plan TEXT NOT NULL,
  baseline_run_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE testing_probes (
  region TEXT PRIMARY KEY,
  agent TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  results INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE testing_proxies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  listen_port INTEGER NOT NULL,
  upstream TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  toxics TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE testing_scan_targets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  service_id INTEGER,
  url TEXT NOT NULL,
  schedule TEXT,
  time_zone TEXT NOT NULL DEFAULT 'UTC',
  next_run_at INTEGER,
  options TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE testing_scans (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES testing_scan_targets(id) ON DELETE CASCADE,
  job_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  grade TEXT,
  score INTEGER,
  requests INTEGER NOT NULL DEFAULT 0,
  report TEXT,
  new_high INTEGER NOT NULL DEFAULT 0,
  error TEXT
) STRICT;

CREATE TABLE testing_suite_runs (
  id INTEGER PRIMARY KEY,
  suite_id INTEGER NOT NULL REFERENCES testing_suites(id) ON DELETE CASCADE,
  deploy_id INTEGER REFERENCES testing_deploys(id) ON DELETE SET NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('baseline', 'verification')),
  job_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  due_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER,
  verdict TEXT CHECK (verdict IN ('pass', 'fail')),
  compared_with INTEGER,
  report TEXT,
  error TEXT
) STRICT;

CREATE TABLE testing_suites (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL UNIQUE,
  health_checks INTEGER NOT NULL DEFAULT 1,
  smoke TEXT NOT NULL DEFAULT '[]',
  load_test_id INTEGER REFERENCES testing_load_tests(id) ON DELETE SET NULL,
  runbook_url TEXT,
  settle_s INTEGER NOT NULL DEFAULT 30,
  auto INTEGER NOT NULL DEFAULT 1,
  max_regression_pct REAL NOT NULL DEFAULT 50,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE testing_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('probe', 'deploy')),
  region TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  hint TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
) STRICT;

CREATE TABLE workspace_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE workspace_resource_samples (
  at INTEGER PRIMARY KEY,
  rss INTEGER NOT NULL,
  heap_used INTEGER NOT NULL,
  external INTEGER NOT NULL,
  handles INTEGER NOT NULL,
  db_bytes INTEGER NOT NULL,
  wal_bytes INTEGER NOT NULL,
  free_bytes INTEGER,
  eld_p99_ms REAL NOT NULL
) STRICT;

CREATE TRIGGER logs_hour_counts_decrease AFTER UPDATE OF lines ON logs_counts WHEN new.lines < old.lines BEGIN
  UPDATE logs_hour_counts SET minutes = json_replace(minutes, '$[' || (((new.minute - 1) % 60 + 60) % 60) || ']', new.lines)
  WHERE stream_id = new.stream_id AND hour = (new.minute - 1 - ((new.minute - 1) % 60 + 60) % 60) / 60 + 1;
END;

CREATE TRIGGER logs_hour_counts_delete AFTER DELETE ON logs_counts BEGIN
  UPDATE logs_hour_counts SET minutes = json_replace(minutes, '$[' || (((old.minute - 1) % 60 + 60) % 60) || ']', 0)
  WHERE stream_id = old.stream_id AND hour = (old.minute - 1 - ((old.minute - 1) % 60 + 60) % 60) / 60 + 1;
  DELETE FROM logs_hour_counts
  WHERE stream_id = old.stream_id AND hour = (old.minute - 1 - ((old.minute - 1) % 60 + 60) % 60) / 60 + 1 AND minutes = '[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]';
END;

CREATE VIEW cost_rows_live AS
SELECT * FROM cost_rows
WHERE +import_id IS NULL OR (+import_id, +account, +billing_period) IN (SELECT import_id, account, billing_period FROM cost_import_periods WHERE state = 'live');
