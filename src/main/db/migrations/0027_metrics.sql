-- Metrics: Prometheus-compatible sources (secrets sealed), the built-in scraper's targets and its sample store,
-- alert rules on queries (threshold and predictive), and tuning/resource recommendations with their state.
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

CREATE TABLE metrics_series (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  labels TEXT NOT NULL UNIQUE
) STRICT;
CREATE INDEX metrics_series_name ON metrics_series (name);

-- v is NULL for NaN (SQLite stores NaN as NULL)
CREATE TABLE metrics_samples (
  series_id INTEGER NOT NULL REFERENCES metrics_series (id) ON DELETE CASCADE,
  t INTEGER NOT NULL,
  v REAL,
  PRIMARY KEY (series_id, t)
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
) STRICT;
