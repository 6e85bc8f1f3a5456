-- Cost imports become visible in one short transaction. A worker writes an import's rows in small transactions
-- under an import in state 'staging', which no query sees; publishing it flips its (account, billing period)
-- segments to 'live' and the segments it replaces to 'retired' (queries no longer see them either); retired and
-- abandoned staging rows are then deleted in small batches. Queries read cost_rows_live, never cost_rows.
ALTER TABLE cost_imports ADD COLUMN state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('staging', 'live', 'retired'));

-- One segment per (import, account, billing period): the unit that a re-import replaces.
CREATE TABLE cost_import_periods (
  import_id INTEGER NOT NULL REFERENCES cost_imports(id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  billing_period TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('staging', 'live', 'retired')),
  rows INTEGER NOT NULL,
  lo_day TEXT,
  hi_day TEXT,
  PRIMARY KEY (import_id, account, billing_period)
) WITHOUT ROWID, STRICT;
CREATE INDEX cost_import_periods_state ON cost_import_periods(account, billing_period, state);

-- Daily sums per segment, written by the import worker: the rollup (cost_daily) is rebuilt from these, so
-- publishing an import never re-aggregates raw rows.
CREATE TABLE cost_import_daily (
  import_id INTEGER NOT NULL REFERENCES cost_imports(id) ON DELETE CASCADE,
  account TEXT NOT NULL,
  billing_period TEXT NOT NULL,
  day TEXT NOT NULL,
  service TEXT NOT NULL,
  service_category TEXT NOT NULL,
  region TEXT NOT NULL,
  sub_account TEXT NOT NULL,
  charge_category TEXT NOT NULL,
  currency TEXT NOT NULL,
  billed_nano INTEGER NOT NULL,
  effective_nano INTEGER NOT NULL,
  list_nano INTEGER NOT NULL,
  rows INTEGER NOT NULL,
  PRIMARY KEY (import_id, account, billing_period, day, service, service_category, region, sub_account, charge_category, currency)
) WITHOUT ROWID, STRICT;

INSERT INTO cost_import_periods (import_id, account, billing_period, state, rows, lo_day, hi_day)
SELECT import_id, account, billing_period, 'live', COUNT(*), MIN(day), MAX(day) FROM cost_rows WHERE import_id IS NOT NULL GROUP BY 1, 2, 3;

INSERT INTO cost_import_daily
SELECT import_id, account, billing_period, day, service, service_category, region, sub_account, charge_category, currency,
       SUM(billed_nano), SUM(effective_nano), SUM(COALESCE(list_nano, 0)), COUNT(*)
FROM cost_rows WHERE import_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

-- The rows queries may see: manual entries, and imported rows of live segments. The live segments are read once
-- per query (a small list); the unary + keeps the planner on the caller's indexes (day) instead of import_id.
CREATE VIEW cost_rows_live AS
SELECT * FROM cost_rows
WHERE +import_id IS NULL OR (+import_id, +account, +billing_period) IN (SELECT import_id, account, billing_period FROM cost_import_periods WHERE state = 'live');
