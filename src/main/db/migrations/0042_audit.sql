-- The audit log: every command channel call (who, what, when, outcome), its input with secrets redacted, and for the
-- main configuration objects their state before and after the change (JSON, secrets redacted). Trimmed by age and rows.
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
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_channel ON audit_log (channel, at);
CREATE INDEX audit_log_by_user ON audit_log (user_name, at);
