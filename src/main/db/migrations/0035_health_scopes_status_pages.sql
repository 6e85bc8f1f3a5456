-- Maintenance windows cover every service, chosen services, an environment or a tag (service_id is kept for old rows).
ALTER TABLE maintenance_windows ADD COLUMN scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'services', 'environment', 'tag'));
-- the environment name, or the tag as "key" or "key=value"
ALTER TABLE maintenance_windows ADD COLUMN scope_value TEXT;
ALTER TABLE maintenance_windows ADD COLUMN updated_at INTEGER;

CREATE TABLE maintenance_window_services (
  window_id INTEGER NOT NULL REFERENCES maintenance_windows(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  PRIMARY KEY (window_id, service_id)
) WITHOUT ROWID, STRICT;

INSERT INTO maintenance_window_services (window_id, service_id) SELECT id, service_id FROM maintenance_windows WHERE service_id IS NOT NULL;
UPDATE maintenance_windows SET scope = 'services' WHERE service_id IS NOT NULL;

-- Public status pages (served without the token in serve mode): a group of services, a description and incident notes.
CREATE TABLE status_pages (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE status_page_services (
  page_id INTEGER NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (page_id, service_id)
) WITHOUT ROWID, STRICT;

CREATE TABLE status_page_notes (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES status_pages(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX status_page_notes_page ON status_page_notes(page_id, at);
