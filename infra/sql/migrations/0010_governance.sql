-- Tenants, apps and their policies, API keys (peppered hashes and encrypted signing keys only) and
-- versioned prompt templates. The redactor keeps all of it in memory and reloads when
-- governance_revision changes (bumped by the triggers below), so edits apply without restart.

CREATE TABLE $schema$.tenants (
    tenant      text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_pkey PRIMARY KEY (tenant)
);

CREATE TABLE $schema$.apps (
    tenant              text        NOT NULL REFERENCES $schema$.tenants (tenant),
    app                 text        NOT NULL,
    allowed_models      text[]      NOT NULL DEFAULT '{}',
    allowed_lanes       text[]      NOT NULL DEFAULT '{}',
    rpm_limit           integer,
    tpm_limit           integer,
    monthly_budget_soft_usd numeric(18, 6),
    monthly_budget_hard_usd numeric(18, 6),
    pii_policy          text,
    default_tags        jsonb       NOT NULL DEFAULT '{}',
    auth_mode           text        NOT NULL DEFAULT 'signed' CHECK (auth_mode IN ('signed', 'kafka_principal')),
    kafka_principals    text[]      NOT NULL DEFAULT '{}',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT apps_pkey PRIMARY KEY (tenant, app)
);

COMMENT ON COLUMN $schema$.apps.allowed_models IS 'Model aliases the app may call; empty = any.';
COMMENT ON COLUMN $schema$.apps.allowed_lanes IS 'Lanes (interactive, batch) the app may use; empty = any.';
COMMENT ON COLUMN $schema$.apps.rpm_limit IS 'Requests per minute (stored; enforced by the router in a later release).';
COMMENT ON COLUMN $schema$.apps.tpm_limit IS 'Tokens per minute (stored; enforced by the router in a later release).';
COMMENT ON COLUMN $schema$.apps.monthly_budget_soft_usd IS 'Alert threshold per calendar month (stored; not yet enforced).';
COMMENT ON COLUMN $schema$.apps.monthly_budget_hard_usd IS 'Stop threshold per calendar month (stored; not yet enforced).';
COMMENT ON COLUMN $schema$.apps.pii_policy IS 'Name of the PII policy the redactor applies.';
COMMENT ON COLUMN $schema$.apps.default_tags IS 'Tags added to requests that do not set them.';
COMMENT ON COLUMN $schema$.apps.auth_mode IS 'signed: requests carry an HMAC signature; kafka_principal: the lb-principal header set by the trusted producer proxy must name one of kafka_principals.';

CREATE TABLE $schema$.api_keys (
    key_id              text        NOT NULL,
    tenant              text        NOT NULL,
    app                 text        NOT NULL,
    key_hash            bytea       NOT NULL,
    last_four           text        NOT NULL,
    signing_key_cipher  bytea       NOT NULL,
    master_key_id       text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz,
    revoked_at          timestamptz,
    replaced_by         text,
    last_used_at        timestamptz,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_pkey PRIMARY KEY (key_id),
    CONSTRAINT api_keys_app_fkey FOREIGN KEY (tenant, app) REFERENCES $schema$.apps (tenant, app)
);

CREATE UNIQUE INDEX ux_api_keys_key_hash ON $schema$.api_keys (key_hash);

COMMENT ON TABLE  $schema$.api_keys IS 'API keys. The key itself is never stored: only a peppered HMAC-SHA256 and its last four characters.';
COMMENT ON COLUMN $schema$.api_keys.key_hash IS 'HMAC-SHA256(pepper, api_key).';
COMMENT ON COLUMN $schema$.api_keys.signing_key_cipher IS 'AES-256-GCM(master key, HMAC-SHA256(api_key, "llmbroker-signing-v1")): nonce(12) || ciphertext(32) || tag(16).';
COMMENT ON COLUMN $schema$.api_keys.expires_at IS 'End of validity; set to the end of the grace period when the key is rotated.';

CREATE TABLE $schema$.prompt_templates (
    name        text        NOT NULL,
    version     integer     NOT NULL,
    messages    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT prompt_templates_pkey PRIMARY KEY (name, version)
);

COMMENT ON COLUMN $schema$.prompt_templates.messages IS 'JSON array of {"role": "system|user|assistant|developer", "content": "<Liquid template>"}.';

CREATE TABLE $schema$.prompt_template_labels (
    name        text        NOT NULL,
    label       text        NOT NULL,
    version     integer     NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT prompt_template_labels_pkey PRIMARY KEY (name, label),
    CONSTRAINT prompt_template_labels_version_fkey FOREIGN KEY (name, version) REFERENCES $schema$.prompt_templates (name, version)
);

CREATE TABLE $schema$.governance_revision (
    id        boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (id),
    revision  bigint  NOT NULL
);

INSERT INTO $schema$.governance_revision (id, revision) VALUES (true, 1);

CREATE FUNCTION $schema$.bump_governance_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE $schema$.governance_revision SET revision = revision + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE ON $schema$.tenants
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.bump_governance_revision();
CREATE TRIGGER apps_changed AFTER INSERT OR UPDATE OR DELETE ON $schema$.apps
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.bump_governance_revision();
-- last_used_at alone is bookkeeping, not a change the redactor must reload for.
CREATE TRIGGER api_keys_changed AFTER INSERT OR DELETE ON $schema$.api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.bump_governance_revision();
CREATE TRIGGER api_keys_updated AFTER UPDATE OF expires_at, revoked_at, replaced_by, signing_key_cipher ON $schema$.api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.bump_governance_revision();
CREATE TRIGGER prompt_templates_changed AFTER INSERT OR UPDATE OR DELETE ON $schema$.prompt_templates
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.bump_governance_revision();
CREATE TRIGGER prompt_template_labels_changed AFTER INSERT OR UPDATE OR DELETE ON $schema$.prompt_template_labels
    FOR EACH STATEMENT EXECUTE FUNCTION $schema$.bump_governance_revision();
