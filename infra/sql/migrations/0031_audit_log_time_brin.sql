-- audit_log is append-only and its rows arrive in time order, so a BRIN on occurred_at (a few
-- pages for millions of rows, nothing to maintain per row but the summary of the last page range)
-- serves time-range reads in place of the (tenant, app, occurred_at) btree, whose maintenance was the
-- dearest part of storing a row (docs/adr/0011-sink-time-indexes-brin.md). Reads of one tenant or app
-- over a period scan the period's page ranges and filter; reads of one request use
-- (request_id, event), of one chain (chain, chain_seq), of one batch ix_audit_log_batch.

DROP INDEX IF EXISTS $schema$.ix_audit_log_tenant_app_occurred_at;

CREATE INDEX ix_audit_log_occurred_at_brin ON $schema$.audit_log USING brin (occurred_at)
    WITH (pages_per_range = 32, autosummarize = on);
