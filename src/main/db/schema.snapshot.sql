CREATE INDEX checks_service ON checks(service_id);

CREATE INDEX health_incidents_open ON health_incidents(ended_at) WHERE ended_at IS NULL;

CREATE INDEX health_incidents_service ON health_incidents(service_id, started_at);

CREATE INDEX results_ts ON results(ts);

CREATE INDEX rollup_hour_bucket ON rollup_hour(bucket, check_id, count, failures, maintenance);

CREATE INDEX rollup_minute_bucket ON rollup_minute(bucket);

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

CREATE TABLE health_incidents (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  check_id INTEGER REFERENCES checks(id) ON DELETE SET NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  cause TEXT NOT NULL,
  error_kind TEXT
) STRICT;

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

CREATE TABLE workspace_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
