-- Dashboards: grids of panels (the model is JSON, checked by the contract) and every saved version (the last 50 kept).
CREATE TABLE dashboards (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  version INTEGER NOT NULL,
  model TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE dashboard_versions (
  dashboard_id INTEGER NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  model TEXT NOT NULL,
  author TEXT NOT NULL,
  message TEXT NOT NULL,
  restored_from INTEGER,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (dashboard_id, version)
) STRICT;
