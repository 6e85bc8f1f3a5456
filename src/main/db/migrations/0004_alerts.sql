-- Alerting: rules, alerts with their timeline, silences, notification channels and the delivery log.
CREATE TABLE alert_channels (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  config TEXT NOT NULL,
  secret BLOB,
  secret_hint TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE alert_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  service_id INTEGER REFERENCES services(id) ON DELETE CASCADE,
  check_id INTEGER REFERENCES checks(id) ON DELETE CASCADE,
  condition TEXT NOT NULL,
  for_s INTEGER NOT NULL DEFAULT 0,
  severity TEXT NOT NULL,
  labels TEXT NOT NULL DEFAULT '{}',
  runbook TEXT NOT NULL DEFAULT '',
  channel_ids TEXT NOT NULL DEFAULT '[]',
  reminder_s INTEGER NOT NULL DEFAULT 0,
  notify_resolve INTEGER NOT NULL DEFAULT 1,
  enabled INTEGER NOT NULL DEFAULT 1,
  builtin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX alert_rules_service ON alert_rules(service_id);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,
  target TEXT NOT NULL,
  service_id INTEGER,
  state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
  severity TEXT NOT NULL,
  summary TEXT NOT NULL,
  value REAL,
  labels TEXT NOT NULL DEFAULT '{}',
  pending_since INTEGER NOT NULL,
  fired_at INTEGER,
  resolved_at INTEGER,
  acknowledged_at INTEGER,
  acknowledged_by TEXT,
  snoozed_until INTEGER,
  last_notified_at INTEGER,
  flapping INTEGER NOT NULL DEFAULT 0
) STRICT;
-- one open alert per rule and target
CREATE UNIQUE INDEX alerts_open ON alerts(rule_id, target) WHERE state != 'resolved';
CREATE INDEX alerts_state ON alerts(state, pending_since);

CREATE TABLE alert_events (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX alert_events_alert ON alert_events(alert_id, at);

CREATE TABLE silences (
  id INTEGER PRIMARY KEY,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER REFERENCES alerts(id) ON DELETE SET NULL,
  channel_id INTEGER NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
  event TEXT NOT NULL,
  at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('sending', 'ok', 'failed')),
  error TEXT,
  response_code INTEGER,
  duration_ms REAL
) STRICT;
CREATE INDEX deliveries_channel ON deliveries(channel_id, at);
CREATE INDEX deliveries_alert ON deliveries(alert_id, at);
