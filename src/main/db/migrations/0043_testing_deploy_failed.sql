-- A deploy marker may record a deployment that failed (GitHub's deployment_status failure or error, or CI saying so):
-- it is drawn flagged and queues no verification.
ALTER TABLE testing_deploys ADD COLUMN failed INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1));
