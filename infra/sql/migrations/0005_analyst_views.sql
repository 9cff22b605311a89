-- Views for analysts (documented in the README). Days are UTC days.

CREATE VIEW $schema$.cost_daily_by_app AS
SELECT (date_trunc('day', hour, 'UTC') AT TIME ZONE 'UTC')::date AS day,
       tenant,
       app,
       sum(requests)::bigint            AS requests,
       sum(failed_requests)::bigint     AS failed_requests,
       sum(cache_hits)::bigint          AS cache_hits,
       sum(input_tokens)::bigint        AS input_tokens,
       sum(output_tokens)::bigint       AS output_tokens,
       sum(cost_usd)                    AS cost_usd
FROM $schema$.cost_hourly
GROUP BY 1, 2, 3;

CREATE VIEW $schema$.cost_by_model AS
SELECT tenant,
       model,
       provider,
       min(hour)                        AS first_hour,
       max(hour)                        AS last_hour,
       sum(requests)::bigint            AS requests,
       sum(failed_requests)::bigint     AS failed_requests,
       sum(input_tokens)::bigint        AS input_tokens,
       sum(output_tokens)::bigint       AS output_tokens,
       sum(cost_usd)                    AS cost_usd,
       round(sum(cost_usd) / nullif(sum(requests), 0), 9) AS cost_usd_per_request
FROM $schema$.cost_hourly
GROUP BY 1, 2, 3;

CREATE VIEW $schema$.cost_daily_by_tag AS
SELECT (date_trunc('day', l.completed_at, 'UTC') AT TIME ZONE 'UTC')::date AS day,
       l.tenant,
       t.key                            AS tag,
       t.value                          AS tag_value,
       count(*)                         AS requests,
       sum(l.input_tokens)::bigint      AS input_tokens,
       sum(l.output_tokens)::bigint     AS output_tokens,
       sum(l.cost_usd)                  AS cost_usd
FROM $schema$.usage_ledger AS l
CROSS JOIN LATERAL jsonb_each_text(l.tags) AS t(key, value)
GROUP BY 1, 2, 3, 4;

CREATE VIEW $schema$.latency_daily_by_model AS
SELECT (date_trunc('day', completed_at, 'UTC') AT TIME ZONE 'UTC')::date AS day,
       model,
       lane,
       count(*)                                                              AS requests,
       percentile_cont(0.5)  WITHIN GROUP (ORDER BY latency_ms)              AS latency_ms_p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)              AS latency_ms_p95,
       percentile_cont(0.5)  WITHIN GROUP (ORDER BY provider_latency_ms)     AS provider_latency_ms_p50,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY provider_latency_ms)     AS provider_latency_ms_p95
FROM $schema$.usage_ledger
WHERE status = 'ok'
GROUP BY 1, 2, 3;
