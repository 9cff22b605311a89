-- Hash chain of the audit log (docs/adr/0006-audit-hash-chain.md describes the encoding).
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

CREATE INDEX ix_audit_log_request ON $schema$.audit_log (request_id);

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

-- One field of the canonical encoding: int4_be(byte length) || UTF-8 bytes, or int4_be(-1) for NULL.
CREATE FUNCTION $schema$.audit_field(value text) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN int4send(-1)
                ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
$$;

-- UTC time with microseconds, e.g. 2026-11-20T10:00:00.123456Z.
CREATE FUNCTION $schema$.audit_time(value timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- SHA-256 of the canonical encoding of a row's content: the fields below in this order, each as
-- audit_field(text form). Text forms: text as stored; integers in decimal; cost_usd with its nine
-- decimals; booleans 'true'/'false'; times by audit_time; jsonb and text[] as PostgreSQL's jsonb
-- text (keys sorted, one space after ':' and ','). id, chain, chain_seq and the hashes are not
-- content (the position is hashed into the link, the chain name into the first link).
CREATE FUNCTION $schema$.audit_log_digest(
    request_id text, event text, tenant text, app text, key_id text, model text, lane text,
    provider text, deployment text, provider_model text, template_id text, template_version text,
    batch_id text, custom_id text, error_code text, error_message text, finish_reason text,
    redacted_messages jsonb, redacted_output text, attempts jsonb, checks_run text[], checks_failed text[],
    tags jsonb, input_tokens integer, output_tokens integer, cached_input_tokens integer, cost_usd numeric,
    cache_hit boolean, price_version text, stage_times jsonb, occurred_at timestamptz, recorded_at timestamptz,
    source_offset bigint) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(
        $schema$.audit_field('llmbroker.audit.v1')
        || $schema$.audit_field(request_id) || $schema$.audit_field(event) || $schema$.audit_field(tenant) || $schema$.audit_field(app)
        || $schema$.audit_field(key_id) || $schema$.audit_field(model) || $schema$.audit_field(lane) || $schema$.audit_field(provider)
        || $schema$.audit_field(deployment) || $schema$.audit_field(provider_model) || $schema$.audit_field(template_id)
        || $schema$.audit_field(template_version) || $schema$.audit_field(batch_id) || $schema$.audit_field(custom_id)
        || $schema$.audit_field(error_code) || $schema$.audit_field(error_message) || $schema$.audit_field(finish_reason)
        || $schema$.audit_field(redacted_messages::text) || $schema$.audit_field(redacted_output) || $schema$.audit_field(attempts::text)
        || $schema$.audit_field(to_jsonb(checks_run)::text) || $schema$.audit_field(to_jsonb(checks_failed)::text)
        || $schema$.audit_field(tags::text) || $schema$.audit_field(input_tokens::text) || $schema$.audit_field(output_tokens::text)
        || $schema$.audit_field(cached_input_tokens::text) || $schema$.audit_field(round(cost_usd, 9)::text)
        || $schema$.audit_field(cache_hit::text) || $schema$.audit_field(price_version) || $schema$.audit_field(stage_times::text)
        || $schema$.audit_field($schema$.audit_time(occurred_at)) || $schema$.audit_field($schema$.audit_time(recorded_at))
        || $schema$.audit_field(source_offset::text))
$$;
