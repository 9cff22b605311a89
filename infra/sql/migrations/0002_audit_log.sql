-- Append-only audit record of every finished request (one row per request and event), written by
-- the audit-writer sink from llm.outcomes. Holds the redacted (PII-free) prompt and output.
-- prev_hash and hash are reserved for the hash chain (filled once, then frozen).

CREATE TABLE $schema$.audit_log (
    id                bigint        GENERATED ALWAYS AS IDENTITY,
    request_id        text          NOT NULL,
    event             text          NOT NULL,
    tenant            text          NOT NULL,
    app               text          NOT NULL,
    model             text          NOT NULL,
    lane              text          NOT NULL,
    provider          text          NOT NULL DEFAULT '',
    deployment        text          NOT NULL DEFAULT '',
    provider_model    text,
    batch_id          text,
    custom_id         text,
    error_code        text,
    error_message     text,
    finish_reason     text,
    redacted_messages jsonb         NOT NULL DEFAULT '[]',
    redacted_output   text,
    attempts          jsonb         NOT NULL DEFAULT '[]',
    checks_run        text[]        NOT NULL DEFAULT '{}',
    checks_failed     text[]        NOT NULL DEFAULT '{}',
    input_tokens      integer       NOT NULL DEFAULT 0,
    output_tokens     integer       NOT NULL DEFAULT 0,
    cost_usd          numeric(20,9) NOT NULL DEFAULT 0,
    cache_hit         boolean       NOT NULL DEFAULT false,
    price_version     text,
    stage_times       jsonb         NOT NULL DEFAULT '{}',
    occurred_at       timestamptz   NOT NULL,
    recorded_at       timestamptz   NOT NULL DEFAULT now(),
    prev_hash         bytea,
    hash              bytea,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    -- A replayed outcome cannot add a second row.
    CONSTRAINT audit_log_request_event_key UNIQUE (request_id, event)
);

COMMENT ON TABLE  $schema$.audit_log IS 'Append-only audit trail of finished requests (redacted, PII-free). UPDATE, DELETE and TRUNCATE are refused.';
COMMENT ON COLUMN $schema$.audit_log.event IS 'The request''s final status: ok, failed, expired, rejected, failed_validation or rate_limited.';
COMMENT ON COLUMN $schema$.audit_log.attempts IS 'JSON array of provider calls: deployment, provider, status_code, error_class, latency_ms, started_at.';
COMMENT ON COLUMN $schema$.audit_log.stage_times IS 'JSON object of stage name to timestamp (submitted_at, redacted_at, routed_at, ...).';
COMMENT ON COLUMN $schema$.audit_log.occurred_at IS 'The latest stage timestamp of the request (recorded_at when it has none).';

CREATE INDEX ix_audit_log_tenant_app_occurred_at ON $schema$.audit_log (tenant, app, occurred_at);
CREATE INDEX ix_audit_log_batch ON $schema$.audit_log (batch_id) WHERE batch_id IS NOT NULL;

-- Rows may be inserted, and their hash columns filled in once; nothing else may change. Purging old
-- rows is an operator's decision: ALTER TABLE ... DISABLE TRIGGER, delete, enable again.
CREATE FUNCTION $schema$.audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.prev_hash IS NULL AND OLD.hash IS NULL
           AND (to_jsonb(NEW) - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'prev_hash' - 'hash') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON $schema$.audit_log
    FOR EACH ROW EXECUTE FUNCTION $schema$.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON $schema$.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.audit_log_append_only();
