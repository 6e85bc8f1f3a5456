-- Area-wide default alert rules (testing, budget, drift) created once per workspace: a key stays here after the
-- user deletes its rule, so the rule is not created again at the next start.
CREATE TABLE alert_default_rules (
  key TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
