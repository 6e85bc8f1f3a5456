-- Metrics advice: where each estimated saving's price comes from (the costs area's bills, or the typed price), and the
-- "where time goes" breakdown of a slow endpoint (JSON [{component, seconds, share}]).
ALTER TABLE metrics_recommendations ADD COLUMN saving_basis TEXT;
ALTER TABLE metrics_recommendations ADD COLUMN breakdown TEXT;
