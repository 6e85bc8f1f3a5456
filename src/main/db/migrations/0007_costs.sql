-- Costs: imported cloud bills (FOCUS or mapped CSV), manual entries, a daily rollup, budgets, report schedules.
-- Money is stored as integer nano-units (1e-9 of the currency unit) so sums are exact to far below a cent.

-- Where bills come from; a non-FOCUS CSV keeps its column mapping here (FOCUS column -> its column).
CREATE TABLE cost_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('focus', 'mapped')),
  mapping TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cost_imports (
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES cost_sources(id) ON DELETE SET NULL,
  file TEXT NOT NULL,
  format TEXT NOT NULL,
  rows INTEGER NOT NULL,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  currency TEXT NOT NULL,
  periods TEXT NOT NULL,
  replaced_rows INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL
) STRICT;

-- Manual entries (SaaS subscriptions and anything without a bill export), spread evenly over their days.
CREATE TABLE cost_manual (
  id INTEGER PRIMARY KEY,
  service TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT 'SaaS',
  amount_nano INTEGER NOT NULL,
  currency TEXT NOT NULL,
  recurrence TEXT NOT NULL CHECK (recurrence IN ('once', 'monthly')),
  start_day TEXT NOT NULL,
  end_day TEXT,
  tags TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
) STRICT;

-- Line items. Exactly one of import_id / manual_id is set. day = UTC date of ChargePeriodStart.
CREATE TABLE cost_rows (
  id INTEGER PRIMARY KEY,
  import_id INTEGER REFERENCES cost_imports(id) ON DELETE CASCADE,
  manual_id INTEGER REFERENCES cost_manual(id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  billing_period TEXT NOT NULL,
  day TEXT NOT NULL,
  charge_start INTEGER NOT NULL,
  charge_end INTEGER,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  list_nano INTEGER,
  currency TEXT NOT NULL,
  charge_category TEXT NOT NULL,
  service TEXT NOT NULL,
  service_category TEXT NOT NULL,
  region TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  sub_account_name TEXT,
  resource_id TEXT,
  resource_name TEXT,
  consumed_qty REAL,
  consumed_unit TEXT,
  provider TEXT,
  tags TEXT,
  extra TEXT
) STRICT;
CREATE INDEX cost_rows_period ON cost_rows(account, billing_period);
CREATE INDEX cost_rows_day ON cost_rows(day);
CREATE INDEX cost_rows_import ON cost_rows(import_id);
CREATE INDEX cost_rows_manual ON cost_rows(manual_id);

-- Daily rollup by service, category, region and accounts: dashboards never scan cost_rows.
CREATE TABLE cost_daily (
  day TEXT NOT NULL,
  service TEXT NOT NULL,
  service_category TEXT NOT NULL,
  region TEXT NOT NULL,
  account TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  charge_category TEXT NOT NULL,
  currency TEXT NOT NULL,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  list_nano INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (day, service, service_category, region, account, sub_account, charge_category, currency)
) WITHOUT ROWID, STRICT;

-- Cost service name -> monitored service (health area), for cost per 1,000 checks.
CREATE TABLE cost_service_links (
  cost_service TEXT NOT NULL,
  service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  PRIMARY KEY (cost_service, service_id)
) WITHOUT ROWID, STRICT;

-- scope_kind: all | service | tag (scope_key = tag key, scope_value = service name or tag value).
CREATE TABLE cost_budgets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('monthly', 'quarterly')),
  amount_nano INTEGER NOT NULL,
  currency TEXT NOT NULL,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'service', 'tag')),
  scope_key TEXT,
  scope_value TEXT,
  basis TEXT NOT NULL DEFAULT 'billed' CHECK (basis IN ('billed', 'effective')),
  thresholds TEXT NOT NULL,
  forecast_thresholds TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Each threshold fires once per budget period and basis.
CREATE TABLE cost_budget_alerts (
  budget_id INTEGER NOT NULL REFERENCES cost_budgets(id) ON DELETE CASCADE,
  period TEXT NOT NULL,
  basis TEXT NOT NULL CHECK (basis IN ('actual', 'forecast')),
  threshold INTEGER NOT NULL,
  amount_nano INTEGER NOT NULL,
  budget_nano INTEGER NOT NULL,
  fired_at INTEGER NOT NULL,
  PRIMARY KEY (budget_id, period, basis, threshold)
) WITHOUT ROWID, STRICT;

CREATE TABLE cost_report_schedules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  cadence TEXT NOT NULL CHECK (cadence IN ('monthly', 'weekly', 'cron')),
  cron TEXT,
  recipients TEXT NOT NULL DEFAULT '[]',
  scope TEXT NOT NULL DEFAULT '{}',
  next_run_at INTEGER NOT NULL,
  last_run_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cost_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID, STRICT;
