-- Feature store: views and their versions, training sets, the online store and statistics snapshots.
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

-- A new version when the schema (join keys, timestamps, feature names and types) or the source changes; the feature
-- descriptions and tags of the current version change in place.
CREATE TABLE features_view_versions (
  view_id INTEGER NOT NULL REFERENCES features_views(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  change TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (view_id, version)
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

-- Which view versions a training set used (for the view page and for lineage).
CREATE TABLE features_training_set_views (
  training_set_id INTEGER NOT NULL REFERENCES features_training_sets(id) ON DELETE CASCADE,
  view_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (training_set_id, view_name)
) WITHOUT ROWID, STRICT;
CREATE INDEX features_training_set_views_view ON features_training_set_views (view_name);

-- The online store: the latest materialised row per entity key (canonical key text), values as a JSON array.
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
CREATE INDEX features_materializations_view ON features_materializations (view_id, at DESC);

-- The latest statistics of each view (all windows in one JSON document).
CREATE TABLE features_statistics (
  view_id INTEGER PRIMARY KEY REFERENCES features_views(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  computed_at INTEGER NOT NULL,
  as_of INTEGER NOT NULL,
  snapshot TEXT NOT NULL
) STRICT;
