-- usage_ledger rows are appended in completion order (repricing rewrites prices, never times), so a
-- BRIN on completed_at serves the analysts' time-range reads (README: "WHERE completed_at >=
-- current_date") in place of the btree, which each stored outcome had to maintain
-- (docs/adr/0011-sink-time-indexes-brin.md). The budget guard keeps its (tenant, app, completed_at)
-- btree.

DROP INDEX IF EXISTS $schema$.ix_usage_ledger_completed_at;

CREATE INDEX ix_usage_ledger_completed_at_brin ON $schema$.usage_ledger USING brin (completed_at)
    WITH (pages_per_range = 32, autosummarize = on);
