-- Testing: load tests and their runs, security scans, deploy markers and verification suites, probe and deploy tokens,
-- fault-injection proxies and circuit-breaker tests, recovery drills. Service ids are health's (no foreign key across areas).

CREATE TABLE testing_load_tests (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  service_id INTEGER,
  plan TEXT NOT NULL,
  baseline_run_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
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
CREATE INDEX testing_load_runs_test ON testing_load_runs(test_id, started_at);

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
CREATE INDEX testing_scans_target ON testing_scans(target_id, started_at);

CREATE TABLE testing_deploys (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL,
  version TEXT NOT NULL,
  at INTEGER NOT NULL,
  link TEXT,
  source TEXT NOT NULL CHECK (source IN ('form', 'api', 'webhook')),
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX testing_deploys_at ON testing_deploys(at);
CREATE INDEX testing_deploys_service ON testing_deploys(service_id, at);

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
CREATE INDEX testing_suite_runs_suite ON testing_suite_runs(suite_id, due_at);
CREATE INDEX testing_suite_runs_waiting ON testing_suite_runs(due_at) WHERE state = 'waiting';

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
CREATE INDEX testing_drills_started ON testing_drills(started_at);
