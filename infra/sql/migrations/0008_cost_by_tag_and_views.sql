-- Hourly rollup per tag (one row per tag key and value: a request tagged team=x and env=prod counts
-- under both), kept by the cost-rollup sink in the same statement as cost_hourly, and more views for
-- analysts (documented in the README). Days are UTC days.

CREATE TABLE $schema$.cost_hourly_tag (
    hour                timestamptz   NOT NULL,
    tenant              text          NOT NULL,
    app                 text          NOT NULL,
    tag                 text          NOT NULL,
    tag_value           text          NOT NULL,
    requests            bigint        NOT NULL DEFAULT 0,
    failed_requests     bigint        NOT NULL DEFAULT 0,
    cache_hits          bigint        NOT NULL DEFAULT 0,
    input_tokens        bigint        NOT NULL DEFAULT 0,
    output_tokens       bigint        NOT NULL DEFAULT 0,
    cached_input_tokens bigint        NOT NULL DEFAULT 0,
    cost_usd            numeric(24,9) NOT NULL DEFAULT 0,
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT cost_hourly_tag_pkey PRIMARY KEY (hour, tenant, app, tag, tag_value)
);

COMMENT ON TABLE $schema$.cost_hourly_tag IS 'usage_ledger summed per UTC hour, tenant, app and tag (key and value).';

CREATE INDEX ix_cost_hourly_tag_tag_hour ON $schema$.cost_hourly_tag (tag, tag_value, hour);

INSERT INTO $schema$.cost_hourly_tag (
    hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits,
    input_tokens, output_tokens, cached_input_tokens, cost_usd)
SELECT date_trunc('hour', coalesce(l.completed_at, l.submitted_at, l.created_at), 'UTC'), l.tenant, l.app, t.key, t.value,
       count(*), count(*) FILTER (WHERE l.status <> 'ok'), count(*) FILTER (WHERE l.cache_hit),
       sum(l.input_tokens), sum(l.output_tokens), sum(l.cached_input_tokens), sum(l.cost_usd)
FROM $schema$.usage_ledger AS l
CROSS JOIN LATERAL jsonb_each_text(l.tags) AS t(key, value)
GROUP BY 1, 2, 3, 4, 5;

CREATE OR REPLACE VIEW $schema$.cost_daily_by_tag AS
SELECT (date_trunc('day', hour, 'UTC') AT TIME ZONE 'UTC')::date AS day,
       tenant,
       tag,
       tag_value,
       sum(requests)::bigint            AS requests,
       sum(input_tokens)::bigint        AS input_tokens,
       sum(output_tokens)::bigint       AS output_tokens,
       sum(cost_usd)                    AS cost_usd,
       sum(failed_requests)::bigint     AS failed_requests,
       sum(cache_hits)::bigint          AS cache_hits
FROM $schema$.cost_hourly_tag
GROUP BY 1, 2, 3, 4;

CREATE VIEW $schema$.cost_daily_by_model AS
SELECT (date_trunc('day', hour, 'UTC') AT TIME ZONE 'UTC')::date AS day,
       tenant,
       model,
       provider,
       sum(requests)::bigint            AS requests,
       sum(failed_requests)::bigint     AS failed_requests,
       sum(cache_hits)::bigint          AS cache_hits,
       sum(input_tokens)::bigint        AS input_tokens,
       sum(cached_input_tokens)::bigint AS cached_input_tokens,
       sum(output_tokens)::bigint       AS output_tokens,
       sum(cost_usd)                    AS cost_usd
FROM $schema$.cost_hourly
GROUP BY 1, 2, 3, 4;

-- What the cache hits would have cost at list price: the prices row of the request's provider
-- model (else its alias; a dated id such as gpt-4o-2024-08-06 takes the gpt-4o price) in effect when
-- it completed, with the batch discount on the batch lane.
CREATE VIEW $schema$.cache_savings_daily AS
SELECT (date_trunc('day', l.completed_at, 'UTC') AT TIME ZONE 'UTC')::date AS day,
       l.tenant,
       l.app,
       l.model,
       count(*)                                  AS cache_hits,
       sum(l.input_tokens)::bigint               AS input_tokens,
       sum(l.output_tokens)::bigint              AS output_tokens,
       round(sum(
           ((greatest(l.input_tokens - l.cached_input_tokens, 0) * p.input_usd_per_mtok
             + least(l.cached_input_tokens, l.input_tokens) * p.cached_input_usd_per_mtok
             + l.output_tokens * p.output_usd_per_mtok) / 1000000)
           * CASE WHEN l.lane = 'batch' THEN 1 - p.batch_discount ELSE 1 END), 9) AS saved_usd,
       count(*) FILTER (WHERE p.model IS NULL)   AS hits_without_price
FROM $schema$.usage_ledger AS l
LEFT JOIN LATERAL (
    SELECT pr.*
    FROM $schema$.prices AS pr
    WHERE pr.effective_from <= coalesce(l.completed_at, l.created_at)
      AND (coalesce(l.provider_model, l.model) = pr.model OR coalesce(l.provider_model, l.model) LIKE pr.model || '-%'
           OR l.model = pr.model)
    ORDER BY (pr.provider = l.provider) DESC, length(pr.model) DESC, pr.effective_from DESC
    LIMIT 1
) AS p ON true
WHERE l.cache_hit
GROUP BY 1, 2, 3, 4;

CREATE VIEW $schema$.cost_of_failures_daily AS
SELECT (date_trunc('day', coalesce(completed_at, submitted_at, created_at), 'UTC') AT TIME ZONE 'UTC')::date AS day,
       tenant,
       app,
       model,
       status,
       coalesce(error_code, '')         AS error_code,
       count(*)                         AS requests,
       sum(attempts)::bigint            AS attempts,
       sum(input_tokens)::bigint        AS input_tokens,
       sum(output_tokens)::bigint       AS output_tokens,
       sum(cost_usd)                    AS cost_usd
FROM $schema$.usage_ledger
WHERE status <> 'ok'
GROUP BY 1, 2, 3, 4, 5, 6;
