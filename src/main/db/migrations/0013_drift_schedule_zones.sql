-- Check schedules run in an IANA time zone of their own. Existing checks ran in the machine's zone: '' here, filled in
-- with that zone when the drift area starts (DriftRepo.fillTimeZones).
ALTER TABLE drift_checks ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
