-- Installed extensions (their files live in <workspace>/extensions/<id>/, their data in <workspace>/extension-data/<id>/)
-- and each one's log (refused calls, crashes, its own messages), trimmed to the newest rows per extension.
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

CREATE TABLE extension_logs (
  id INTEGER PRIMARY KEY,
  extension_id TEXT NOT NULL REFERENCES extensions(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL
) STRICT;
CREATE INDEX extension_logs_by_extension ON extension_logs (extension_id, id);
