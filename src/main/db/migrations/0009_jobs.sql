-- One job model for every area: imports, evaluations, runs. Running jobs live in memory; a row is written when a job
-- is queued or starts and when it ends, so a row left 'queued' or 'running' after a stop is marked 'interrupted'.
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

CREATE INDEX jobs_created ON jobs (created_at DESC);
CREATE INDEX jobs_area_created ON jobs (area, created_at DESC);
