-- Costs: amounts of any size. A 64-bit count of nano-units stops at ±9.2 × 10^9 currency units, so a bill in IDR, KRW,
-- VND or JPY (or a large upfront commitment) could not be stored. Each amount <x> becomes three integers with the
-- amount's sign: <x>_giga (10^9 units), <x>_units (below 10^9) and <x>_nano (below 10^9, the old column's meaning
-- narrowed to the fraction). A row holds up to ±10^18 units and every limb of a row stays below 10^9, so native SUMs
-- of each limb over billions of rows cannot overflow; sums are carried back together in JS (BigInt).

-- cost_imports
ALTER TABLE cost_imports ADD COLUMN billed_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_imports ADD COLUMN billed_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_imports ADD COLUMN effective_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_imports ADD COLUMN effective_units INTEGER NOT NULL DEFAULT 0;
UPDATE cost_imports SET billed_giga = billed_nano / 1000000000000000000, billed_units = (billed_nano / 1000000000) % 1000000000, billed_nano = billed_nano % 1000000000
  WHERE billed_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_imports SET effective_giga = effective_nano / 1000000000000000000, effective_units = (effective_nano / 1000000000) % 1000000000, effective_nano = effective_nano % 1000000000
  WHERE effective_nano NOT BETWEEN -999999999 AND 999999999;

-- cost_manual
ALTER TABLE cost_manual ADD COLUMN amount_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_manual ADD COLUMN amount_units INTEGER NOT NULL DEFAULT 0;
UPDATE cost_manual SET amount_giga = amount_nano / 1000000000000000000, amount_units = (amount_nano / 1000000000) % 1000000000, amount_nano = amount_nano % 1000000000
  WHERE amount_nano NOT BETWEEN -999999999 AND 999999999;

-- cost_rows
ALTER TABLE cost_rows ADD COLUMN billed_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_rows ADD COLUMN billed_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_rows ADD COLUMN effective_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_rows ADD COLUMN effective_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_rows ADD COLUMN list_giga INTEGER;
ALTER TABLE cost_rows ADD COLUMN list_units INTEGER;
UPDATE cost_rows SET billed_giga = billed_nano / 1000000000000000000, billed_units = (billed_nano / 1000000000) % 1000000000, billed_nano = billed_nano % 1000000000
  WHERE billed_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_rows SET effective_giga = effective_nano / 1000000000000000000, effective_units = (effective_nano / 1000000000) % 1000000000, effective_nano = effective_nano % 1000000000
  WHERE effective_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_rows SET list_giga = list_nano / 1000000000000000000, list_units = (list_nano / 1000000000) % 1000000000, list_nano = list_nano % 1000000000
  WHERE list_nano IS NOT NULL;

-- cost_daily
ALTER TABLE cost_daily ADD COLUMN billed_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_daily ADD COLUMN billed_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_daily ADD COLUMN effective_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_daily ADD COLUMN effective_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_daily ADD COLUMN list_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_daily ADD COLUMN list_units INTEGER NOT NULL DEFAULT 0;
UPDATE cost_daily SET billed_giga = billed_nano / 1000000000000000000, billed_units = (billed_nano / 1000000000) % 1000000000, billed_nano = billed_nano % 1000000000
  WHERE billed_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_daily SET effective_giga = effective_nano / 1000000000000000000, effective_units = (effective_nano / 1000000000) % 1000000000, effective_nano = effective_nano % 1000000000
  WHERE effective_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_daily SET list_giga = list_nano / 1000000000000000000, list_units = (list_nano / 1000000000) % 1000000000, list_nano = list_nano % 1000000000
  WHERE list_nano NOT BETWEEN -999999999 AND 999999999;

-- cost_import_daily
ALTER TABLE cost_import_daily ADD COLUMN billed_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_import_daily ADD COLUMN billed_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_import_daily ADD COLUMN effective_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_import_daily ADD COLUMN effective_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_import_daily ADD COLUMN list_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_import_daily ADD COLUMN list_units INTEGER NOT NULL DEFAULT 0;
UPDATE cost_import_daily SET billed_giga = billed_nano / 1000000000000000000, billed_units = (billed_nano / 1000000000) % 1000000000, billed_nano = billed_nano % 1000000000
  WHERE billed_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_import_daily SET effective_giga = effective_nano / 1000000000000000000, effective_units = (effective_nano / 1000000000) % 1000000000, effective_nano = effective_nano % 1000000000
  WHERE effective_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_import_daily SET list_giga = list_nano / 1000000000000000000, list_units = (list_nano / 1000000000) % 1000000000, list_nano = list_nano % 1000000000
  WHERE list_nano NOT BETWEEN -999999999 AND 999999999;

-- cost_budgets
ALTER TABLE cost_budgets ADD COLUMN amount_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_budgets ADD COLUMN amount_units INTEGER NOT NULL DEFAULT 0;
UPDATE cost_budgets SET amount_giga = amount_nano / 1000000000000000000, amount_units = (amount_nano / 1000000000) % 1000000000, amount_nano = amount_nano % 1000000000
  WHERE amount_nano NOT BETWEEN -999999999 AND 999999999;

-- cost_budget_alerts
ALTER TABLE cost_budget_alerts ADD COLUMN amount_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_budget_alerts ADD COLUMN amount_units INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_budget_alerts ADD COLUMN budget_giga INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cost_budget_alerts ADD COLUMN budget_units INTEGER NOT NULL DEFAULT 0;
UPDATE cost_budget_alerts SET amount_giga = amount_nano / 1000000000000000000, amount_units = (amount_nano / 1000000000) % 1000000000, amount_nano = amount_nano % 1000000000
  WHERE amount_nano NOT BETWEEN -999999999 AND 999999999;
UPDATE cost_budget_alerts SET budget_giga = budget_nano / 1000000000000000000, budget_units = (budget_nano / 1000000000) % 1000000000, budget_nano = budget_nano % 1000000000
  WHERE budget_nano NOT BETWEEN -999999999 AND 999999999;
