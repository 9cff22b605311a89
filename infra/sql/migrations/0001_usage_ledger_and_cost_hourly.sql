-- One row per finished request, written by the cost-rollup sink from llm.outcomes, and its hourly
-- rollup. $schema$ is replaced by the target schema (DbUp variable), so each test can migrate its own.
-- PII-free: no prompt or output text here.

CREATE TABLE $schema$.usage_ledger (
    request_id          text          NOT NULL,
    tenant              text          NOT NULL,
    app                 text          NOT NULL,
    model               text          NOT NULL,
    provider            text          NOT NULL DEFAULT '',
    deployment          text          NOT NULL DEFAULT '',
    provider_model      text,
    lane                text          NOT NULL,
    status              text          NOT NULL,
    error_code          text,
    input_tokens        integer       NOT NULL DEFAULT 0,
    output_tokens       integer       NOT NULL DEFAULT 0,
    cached_input_tokens integer       NOT NULL DEFAULT 0,
    reasoning_tokens    integer       NOT NULL DEFAULT 0,
    cache_write_tokens  integer       NOT NULL DEFAULT 0,
    cost_usd            numeric(20,9) NOT NULL DEFAULT 0,
    price_version       text,
    cache_hit           boolean       NOT NULL DEFAULT false,
    attempts            integer       NOT NULL DEFAULT 0,
    tags                jsonb         NOT NULL DEFAULT '{}',
    batch_id            text,
    custom_id           text,
    submitted_at        timestamptz,
    completed_at        timestamptz,
    latency_ms          bigint,
    queue_ms            bigint,
    provider_latency_ms bigint,
    created_at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT usage_ledger_pkey PRIMARY KEY (request_id)
);

COMMENT ON TABLE  $schema$.usage_ledger IS 'One row per finished request (from llm.outcomes). PII-free.';
COMMENT ON COLUMN $schema$.usage_ledger.model IS 'The model alias the caller asked for; provider_model is what the provider reported.';
COMMENT ON COLUMN $schema$.usage_ledger.lane IS 'interactive, batch or unspecified.';
COMMENT ON COLUMN $schema$.usage_ledger.status IS 'ok, failed, expired, rejected, failed_validation or rate_limited.';
COMMENT ON COLUMN $schema$.usage_ledger.cost_usd IS 'Cost in US dollars (exact: cost_nano_usd / 1e9).';
COMMENT ON COLUMN $schema$.usage_ledger.attempts IS 'Number of provider calls made (retries and fallbacks included).';
COMMENT ON COLUMN $schema$.usage_ledger.tags IS 'Cost attribution tags as a JSON object; query with tags @> ''{"team":"x"}''.';
COMMENT ON COLUMN $schema$.usage_ledger.completed_at IS 'The latest stage timestamp of the request.';
COMMENT ON COLUMN $schema$.usage_ledger.latency_ms IS 'submitted_at to completed_at.';
COMMENT ON COLUMN $schema$.usage_ledger.queue_ms IS 'submitted_at to the first provider call.';
COMMENT ON COLUMN $schema$.usage_ledger.provider_latency_ms IS 'First provider call to the provider''s answer.';
COMMENT ON COLUMN $schema$.usage_ledger.created_at IS 'When the sink wrote the row.';

CREATE INDEX ix_usage_ledger_completed_at ON $schema$.usage_ledger (completed_at);
CREATE INDEX ix_usage_ledger_tenant_app_completed_at ON $schema$.usage_ledger (tenant, app, completed_at);
CREATE INDEX ix_usage_ledger_batch ON $schema$.usage_ledger (batch_id, custom_id) WHERE batch_id IS NOT NULL;
CREATE INDEX ix_usage_ledger_tags ON $schema$.usage_ledger USING gin (tags jsonb_path_ops);

-- Rollup of usage_ledger per UTC hour of completion. Only rows newly inserted into the ledger are
-- added (in the same statement), so sum(cost_hourly.cost_usd) = sum(usage_ledger.cost_usd) even
-- when an outcome is delivered twice.
CREATE TABLE $schema$.cost_hourly (
    hour                timestamptz   NOT NULL,
    tenant              text          NOT NULL,
    app                 text          NOT NULL,
    model               text          NOT NULL,
    provider            text          NOT NULL,
    requests            bigint        NOT NULL DEFAULT 0,
    failed_requests     bigint        NOT NULL DEFAULT 0,
    cache_hits          bigint        NOT NULL DEFAULT 0,
    input_tokens        bigint        NOT NULL DEFAULT 0,
    output_tokens       bigint        NOT NULL DEFAULT 0,
    cached_input_tokens bigint        NOT NULL DEFAULT 0,
    reasoning_tokens    bigint        NOT NULL DEFAULT 0,
    cost_usd            numeric(24,9) NOT NULL DEFAULT 0,
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT cost_hourly_pkey PRIMARY KEY (hour, tenant, app, model, provider)
);

COMMENT ON TABLE  $schema$.cost_hourly IS 'usage_ledger summed per UTC hour (of completed_at), tenant, app, model and provider.';
COMMENT ON COLUMN $schema$.cost_hourly.failed_requests IS 'Requests whose status is not ok.';

CREATE INDEX ix_cost_hourly_tenant_app_hour ON $schema$.cost_hourly (tenant, app, hour);
CREATE INDEX ix_cost_hourly_model_hour ON $schema$.cost_hourly (model, hour);
