-- Logs: sources (tailed files, push endpoints, Loki connectors), streams (one per label set), lines with two
-- full-text indexes (words ranked by bm25; trigrams for substrings), per-minute counts, file offsets committed with
-- the lines they cover, error issues with hourly counts, and saved queries.
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

-- AUTOINCREMENT: ids never come back after deletes, so live tail's "after id" cursor stays exact
CREATE TABLE logs_lines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  stream_id INTEGER NOT NULL,
  line TEXT NOT NULL,
  -- structured metadata (trace and span ids, OTLP attributes) as JSON, or NULL
  attrs TEXT
) STRICT;
CREATE INDEX logs_lines_stream_ts ON logs_lines (stream_id, ts);

-- contentless: the text lives in logs_lines once; rows are deleted by rowid
CREATE VIRTUAL TABLE logs_fts USING fts5 (line, content = '', contentless_delete = 1, tokenize = 'unicode61');
CREATE VIRTUAL TABLE logs_tri USING fts5 (line, content = '', contentless_delete = 1, tokenize = 'trigram', detail = 'none');

-- lines and bytes per stream per minute; `minute` k covers ((k-1)·60 s, k·60 s] like a LogQL range
CREATE TABLE logs_counts (
  stream_id INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (stream_id, minute)
) STRICT, WITHOUT ROWID;
CREATE INDEX logs_counts_minute ON logs_counts (minute);

-- the id range of lines stamped in each minute (same keys as logs_counts): bounds full-text searches to a time range
CREATE TABLE logs_minute_ids (
  minute INTEGER PRIMARY KEY,
  min_id INTEGER NOT NULL,
  max_id INTEGER NOT NULL
) STRICT;

-- tailed files by identity (device:inode), so a rename keeps its offset; written in the same transaction as the lines
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
CREATE INDEX logs_issues_last_seen ON logs_issues (last_seen DESC);

CREATE TABLE logs_issue_hours (
  issue_id INTEGER NOT NULL REFERENCES logs_issues (id) ON DELETE CASCADE,
  hour INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (issue_id, hour)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_saved_queries (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  query TEXT NOT NULL,
  range_s INTEGER NOT NULL DEFAULT 3600,
  created_at INTEGER NOT NULL
) STRICT;
