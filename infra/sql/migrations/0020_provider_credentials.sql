-- Provider API keys, encrypted at rest with AES-256-GCM under a master key (see MasterKeyRing).
-- Several keys per deployment: every active key is used in turn. `rotate` adds a key and retires the
-- deployment's active ones; `revoke` takes one key out of use at once. Rows are never deleted, so the
-- history of which key served a deployment when stays queryable; the key itself is never readable
-- without the master key, and only its last four characters are stored in clear.

CREATE TABLE $schema$.provider_credentials (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deployment     text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('active', 'retired', 'revoked')),
    sealed_key     bytea       NOT NULL,
    master_key_id  text        NOT NULL,
    last4          text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    retired_at     timestamptz NULL,
    revoked_at     timestamptz NULL,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX provider_credentials_usable ON $schema$.provider_credentials (deployment) WHERE status = 'active';

COMMENT ON COLUMN $schema$.provider_credentials.sealed_key IS 'AES-256-GCM: version, master key id, nonce, tag, ciphertext; bound to the row''s deployment.';
COMMENT ON COLUMN $schema$.provider_credentials.master_key_id IS 'The master key that sealed the key (for master-key rotation: admin credentials rewrap).';
