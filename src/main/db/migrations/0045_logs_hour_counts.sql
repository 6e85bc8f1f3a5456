-- Lines per stream per hour, minute by minute: one row holds an hour's 60 per-minute counts (a JSON array; slot i is
-- minute key 60·(hour − 1) + 1 + i, so hour h covers ((h − 1)·3600 s, h·3600 s] like logs_counts' minutes). A query
-- over 24 h reads 25 rows per stream instead of 1,440. Kept equal to logs_counts: a writer commit that changes a
-- minute marks its stream and hour in logs_hour_dirty, readers take a marked hour from logs_counts, and the writer
-- rebuilds marked hours every few seconds (store/hourRollup.ts); decrements and deletes there (retention, a
-- deleted source) come through the triggers below. Filled from logs_counts here.
CREATE TABLE logs_hour_counts (
  stream_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  minutes TEXT NOT NULL,
  PRIMARY KEY (stream_id, hour)
) STRICT, WITHOUT ROWID;

CREATE TABLE logs_hour_dirty (
  stream_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  PRIMARY KEY (stream_id, hour)
) STRICT, WITHOUT ROWID;

-- slot = (minute − 1) mod 60 (never negative), hour = (minute − 1 − slot) / 60 + 1
CREATE TRIGGER logs_hour_counts_decrease AFTER UPDATE OF lines ON logs_counts WHEN new.lines < old.lines BEGIN
  UPDATE logs_hour_counts SET minutes = json_replace(minutes, '$[' || (((new.minute - 1) % 60 + 60) % 60) || ']', new.lines)
  WHERE stream_id = new.stream_id AND hour = (new.minute - 1 - ((new.minute - 1) % 60 + 60) % 60) / 60 + 1;
END;

CREATE TRIGGER logs_hour_counts_delete AFTER DELETE ON logs_counts BEGIN
  UPDATE logs_hour_counts SET minutes = json_replace(minutes, '$[' || (((old.minute - 1) % 60 + 60) % 60) || ']', 0)
  WHERE stream_id = old.stream_id AND hour = (old.minute - 1 - ((old.minute - 1) % 60 + 60) % 60) / 60 + 1;
  DELETE FROM logs_hour_counts
  WHERE stream_id = old.stream_id AND hour = (old.minute - 1 - ((old.minute - 1) % 60 + 60) % 60) / 60 + 1 AND minutes = '[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]';
END;

-- the lines already stored: an empty row for every hour that has counts, then each minute row through a trigger made
-- for this once
INSERT INTO logs_hour_counts (stream_id, hour, minutes)
SELECT DISTINCT stream_id, (minute - 1 - ((minute - 1) % 60 + 60) % 60) / 60 + 1, '[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]' FROM logs_counts;
CREATE TRIGGER logs_hour_counts_backfill AFTER UPDATE OF bytes ON logs_counts BEGIN
  UPDATE logs_hour_counts SET minutes = json_replace(minutes, '$[' || (((new.minute - 1) % 60 + 60) % 60) || ']', new.lines)
  WHERE stream_id = new.stream_id AND hour = (new.minute - 1 - ((new.minute - 1) % 60 + 60) % 60) / 60 + 1;
END;
UPDATE logs_counts SET bytes = bytes;
DROP TRIGGER logs_hour_counts_backfill;
