-- Exact-match response cache, filled by the cache-writer sink from llm.outcomes and read by the
-- router. The key is computed by the router from the redacted request, so entries are PII-free.

CREATE TABLE $schema$.response_cache (
    cache_key           text          NOT NULL,
    tenant              text          NOT NULL,
    model               text          NOT NULL,
    provider_model      text,
    output              text          NOT NULL,
    finish_reason       text,
    input_tokens        integer       NOT NULL DEFAULT 0,
    output_tokens       integer       NOT NULL DEFAULT 0,
    cached_input_tokens integer       NOT NULL DEFAULT 0,
    reasoning_tokens    integer       NOT NULL DEFAULT 0,
    source_request_id   text          NOT NULL,
    created_at          timestamptz   NOT NULL,
    expires_at          timestamptz   NOT NULL,
    hit_count           bigint        NOT NULL DEFAULT 0,
    CONSTRAINT response_cache_pkey PRIMARY KEY (cache_key)
);

COMMENT ON TABLE  $schema$.response_cache IS 'Exact-match cache of OK answers by the router''s cache key. Rows past expires_at are ignored.';
COMMENT ON COLUMN $schema$.response_cache.created_at IS 'When the answer was produced (the outcome''s completion time).';
COMMENT ON COLUMN $schema$.response_cache.hit_count IS 'Cache hits reported on llm.outcomes (approximate: a redelivered outcome counts twice).';

CREATE INDEX ix_response_cache_expires_at ON $schema$.response_cache (expires_at);
