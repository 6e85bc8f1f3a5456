-- Incidents: what was failing when an alert fired (check, error, failing health components as JSON), and notes people add.
ALTER TABLE alerts ADD COLUMN failure TEXT;

CREATE TABLE alert_notes (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX alert_notes_alert ON alert_notes(alert_id, at);
