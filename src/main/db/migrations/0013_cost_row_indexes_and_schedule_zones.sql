-- Schedules with time zones (cost report schedules and drift checks, both on core/cron.ts) and leaner cost row indexes.
-- One migration for both areas' columns (ALTERs only: the tables stay their areas' own).

-- Report schedules run in an IANA time zone of their own; the existing ones ran in UTC and keep doing so.
ALTER TABLE cost_report_schedules ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';

-- Imported cost rows are written with two index entries instead of four: one index serves the clean-up's deletes by
-- import and by (import, account, billing period) segment, and manual rows get a partial index of their own.
-- Nothing reads cost_rows by (account, billing_period) alone since segments (0008) took over that bookkeeping.
DROP INDEX IF EXISTS cost_rows_period;
DROP INDEX IF EXISTS cost_rows_import;
DROP INDEX IF EXISTS cost_rows_manual;
CREATE INDEX cost_rows_segment ON cost_rows(import_id, account, billing_period) WHERE import_id IS NOT NULL;
CREATE INDEX cost_rows_manual ON cost_rows(manual_id) WHERE manual_id IS NOT NULL;

-- Check schedules run in an IANA time zone of their own. Existing checks ran in the machine's zone: '' here, filled in
-- with that zone when the drift area starts (DriftRepo.fillTimeZones).
ALTER TABLE drift_checks ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
