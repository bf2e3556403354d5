-- What a closed run's status report shows of the case (Bronze per source, Silver and Gold
-- counts), counted once as the run closes, in the closing transaction: a status read of a
-- closed run is then one indexed query, not a recount of every layer table. NULL for open runs
-- and for runs closed before this column.
ALTER TABLE ingestion_runs ADD COLUMN snapshot jsonb;

-- The run's Silver promotion as it committed (its counts and its warnings), recorded in that
-- transaction: the close of a complete run (in Gold's transaction) takes them from here, so the
-- workflow does not carry them through its history a second time.
ALTER TABLE ingestion_runs ADD COLUMN silver jsonb;
