-- The console's own resource use, sampled once a minute by core/selfMonitor.ts (Settings shows the last day);
-- rows older than two days are deleted as new ones arrive.
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
