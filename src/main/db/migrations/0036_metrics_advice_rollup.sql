-- Metrics advice: where each estimated saving's price comes from (the costs area's bills, or the typed price) and its
-- currency, and the
-- "where time goes" breakdown of a slow endpoint (JSON [{component, seconds, share}]).
ALTER TABLE metrics_recommendations ADD COLUMN saving_basis TEXT;
ALTER TABLE metrics_recommendations ADD COLUMN saving_currency TEXT;
ALTER TABLE metrics_recommendations ADD COLUMN breakdown TEXT;

-- The built-in store's 5-minute rollup (range queries with a step of 5 min or more): per series and whole UTC day, the
-- first and last sample time and the last value of each of the 288 buckets, as Float64 triplets (NaN time: none).
CREATE TABLE metrics_rollup_5m (
  series_id INTEGER NOT NULL REFERENCES metrics_series (id) ON DELETE CASCADE,
  day INTEGER NOT NULL,
  buckets BLOB NOT NULL,
  PRIMARY KEY (series_id, day)
) STRICT, WITHOUT ROWID;
