-- Hash chain of the audit log (docs/adr/0009-audit-hash-chain.md describes the encoding).
--
-- Each row belongs to one chain (the audit-writer uses one chain per source partition, e.g.
-- 'llm.outcomes/3') and has a position chain_seq (1, 2, 3, ...) in it. The row's hash is
--     hash = SHA-256(prev_hash || int8_be(chain_seq) || content_digest)
-- where prev_hash is the previous row's hash (for chain_seq 1: SHA-256 of the UTF-8 chain name) and
-- content_digest = audit_log_digest(...) below, computed by PostgreSQL from the stored values, so
-- the writer and `llmbroker audit verify` hash exactly the same bytes. audit_chain_heads holds the
-- last position and hash of every chain, read and updated under a row lock in the writer's
-- transaction (so the removal of a chain's last rows is detected too).

ALTER TABLE $schema$.audit_log
    ADD COLUMN chain               text,
    ADD COLUMN chain_seq           bigint,
    ADD COLUMN key_id              text,
    ADD COLUMN template_id         text,
    ADD COLUMN template_version    text,
    ADD COLUMN tags                jsonb    NOT NULL DEFAULT '{}',
    ADD COLUMN cached_input_tokens integer  NOT NULL DEFAULT 0,
    ADD COLUMN source_offset       bigint,
    ADD CONSTRAINT audit_log_chain_seq_key UNIQUE (chain, chain_seq);

COMMENT ON COLUMN $schema$.audit_log.chain IS 'Hash chain the row belongs to: the source topic and partition, e.g. llm.outcomes/3.';
COMMENT ON COLUMN $schema$.audit_log.chain_seq IS 'Position of the row in its chain, from 1 without gaps.';
COMMENT ON COLUMN $schema$.audit_log.key_id IS 'Id of the virtual key that made the request (filled once keys are on the contract).';
COMMENT ON COLUMN $schema$.audit_log.template_id IS 'Prompt template rendered for the request, if any (filled once templates are on the contract).';
COMMENT ON COLUMN $schema$.audit_log.template_version IS 'Version of template_id.';
COMMENT ON COLUMN $schema$.audit_log.tags IS 'Cost attribution tags of the request (why it was made).';
COMMENT ON COLUMN $schema$.audit_log.source_offset IS 'Kafka offset of the outcome in the chain''s partition.';
COMMENT ON COLUMN $schema$.audit_log.prev_hash IS 'hash of the previous row of the chain (SHA-256 of the chain name for the first row).';
COMMENT ON COLUMN $schema$.audit_log.hash IS 'SHA-256(prev_hash || int8_be(chain_seq) || audit_log_digest(row)).';

-- Rows are written with their hashes; from now on nothing may change at all.
CREATE OR REPLACE FUNCTION $schema$.audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TABLE $schema$.audit_chain_heads (
    chain      text        NOT NULL,
    last_seq   bigint      NOT NULL DEFAULT 0,
    last_hash  bytea,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_chain_heads_pkey PRIMARY KEY (chain)
);

COMMENT ON TABLE $schema$.audit_chain_heads IS 'Last position and hash of every audit chain; locked by the writer while it appends.';

-- SHA-256 of the canonical encoding of a row's content: the UTF-8 bytes of PostgreSQL's jsonb text
-- rendering of one JSON array holding the format tag 'llmbroker.audit.v1' and then the fields below,
-- in this order. jsonb text is canonical: one space after ',' and ':', object keys sorted (shorter
-- first, then bytewise), strings JSON-escaped, NULL as null, numbers as stored (cost_usd keeps its
-- nine decimals), text[] as arrays; times are UTC text with microseconds (2026-11-20T10:00:00.123456Z)
-- so the session time zone plays no part. id, chain, chain_seq and the hashes are not content: the
-- position is hashed into the link and the chain name into the first link. STABLE (not IMMUTABLE)
-- because jsonb output is, and so that PostgreSQL inlines the function into the writer's and the
-- verifier's queries (a call per row would cost ~50 times more).
CREATE FUNCTION $schema$.audit_log_digest(
    request_id text, event text, tenant text, app text, key_id text, model text, lane text,
    provider text, deployment text, provider_model text, template_id text, template_version text,
    batch_id text, custom_id text, error_code text, error_message text, finish_reason text,
    redacted_messages jsonb, redacted_output text, attempts jsonb, checks_run text[], checks_failed text[],
    tags jsonb, input_tokens integer, output_tokens integer, cached_input_tokens integer, cost_usd numeric,
    cache_hit boolean, price_version text, stage_times jsonb, occurred_at timestamptz, recorded_at timestamptz,
    source_offset bigint) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256(convert_to(jsonb_build_array(
        'llmbroker.audit.v1', request_id, event, tenant, app, key_id, model, lane, provider, deployment,
        provider_model, template_id, template_version, batch_id, custom_id, error_code, error_message,
        finish_reason, redacted_messages, redacted_output, attempts, checks_run, checks_failed, tags,
        input_tokens, output_tokens, cached_input_tokens, cost_usd, cache_hit, price_version, stage_times,
        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        source_offset)::text, 'UTF8'))
$$;
