-- Experiments: A/B tests (experiments_defs: configuration, variations, metrics), imported data kept as daily sums, and decisions.
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

-- One import per data load; the newest ready one is what results read. Its report (JSON) says what was read,
-- excluded (multi-exposed units, unknown variations, events outside windows) and the metric definitions used.
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
CREATE INDEX experiments_imports_by_experiment ON experiments_imports (experiment_id, state, id);

-- Sums per metric, variation, dimension value and UTC day (days since 1970-01-01) as daily increments: the sums
-- up to day D are the totals over days <= D, so results and the cumulative chart read the same rows.
-- dimension = '' and value = '' is the whole experiment. Columns follow the statistics: n units; x, xx the metric
-- (a ratio's numerator); d, dd a ratio's denominator; xd; p, pp the metric before exposure (CUPED); xp;
-- q, qq the denominator before exposure; pq, dq, xq, pd the remaining cross products of a CUPED ratio.
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

-- Units first exposed per variation, dimension value and day (for SRM and the units columns).
CREATE TABLE experiments_units (
  import_id INTEGER NOT NULL REFERENCES experiments_imports(id) ON DELETE CASCADE,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  variation INTEGER NOT NULL,
  day INTEGER NOT NULL,
  units REAL NOT NULL,
  PRIMARY KEY (import_id, dimension, value, variation, day)
) STRICT, WITHOUT ROWID;

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
CREATE INDEX experiments_decisions_by_experiment ON experiments_decisions (experiment_id, decided_at);
