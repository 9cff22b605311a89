-- Routes managed at run time: model aliases and the deployments behind them, read by the router
-- (Routing:LoadFromDatabase) and reloaded without restart. Keys are never stored here: a deployment
-- names the environment variable that holds its key (api_key_env).

CREATE TABLE $schema$.route_aliases (
    alias                     text          NOT NULL,
    strategy                  text          NOT NULL DEFAULT 'weighted',
    fallbacks                 text[]        NOT NULL DEFAULT '{}',
    context_window_fallbacks  text[]        NOT NULL DEFAULT '{}',
    content_policy_fallbacks  text[]        NOT NULL DEFAULT '{}',
    hedging_delay_ms          integer,
    updated_at                timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT route_aliases_pkey PRIMARY KEY (alias)
);

COMMENT ON TABLE $schema$.route_aliases IS 'Optional settings of a model alias; an alias named only by deployments uses the defaults (weighted, no fallbacks).';

CREATE TABLE $schema$.deployments (
    name                           text          NOT NULL,
    alias                          text          NOT NULL,
    provider                       text          NOT NULL DEFAULT 'openai',
    model                          text          NOT NULL,
    endpoint                       text          NOT NULL,
    api_key_env                    text,
    api_version                    text,
    weight                         integer       NOT NULL DEFAULT 1,
    rpm                            integer       NOT NULL DEFAULT 0,
    tpm                            integer       NOT NULL DEFAULT 0,
    context_window                 integer       NOT NULL DEFAULT 0,
    default_max_output_tokens      integer       NOT NULL DEFAULT 4096,
    region                         text,
    tags                           text[]        NOT NULL DEFAULT '{}',
    input_price_per_million        numeric(18,6) NOT NULL DEFAULT 0,
    output_price_per_million       numeric(18,6) NOT NULL DEFAULT 0,
    cached_input_price_per_million numeric(18,6),
    cache_write_price_per_million  numeric(18,6),
    enabled                        boolean       NOT NULL DEFAULT true,
    updated_at                     timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT deployments_pkey PRIMARY KEY (name)
);

CREATE INDEX ix_deployments_alias ON $schema$.deployments (alias);

COMMENT ON TABLE $schema$.deployments IS 'Provider deployments by model alias, like LiteLLM''s model_list. Disabled rows are ignored.';
COMMENT ON COLUMN $schema$.deployments.api_key_env IS 'Credential reference: the environment variable holding the key. The key itself is never stored here.';

-- What changed in the routes the router applied, from any source (configuration file or tables).
CREATE TABLE $schema$.deployment_changes (
    id          bigserial     NOT NULL,
    changed_at  timestamptz   NOT NULL,
    source      text          NOT NULL,
    alias       text          NOT NULL,
    deployment  text,
    change      text          NOT NULL,
    before      jsonb,
    after       jsonb,
    recorded_by text          NOT NULL,
    CONSTRAINT deployment_changes_pkey PRIMARY KEY (id)
);

CREATE INDEX ix_deployment_changes_changed_at ON $schema$.deployment_changes (changed_at);

COMMENT ON TABLE $schema$.deployment_changes IS 'Audit of applied route changes: alias or deployment added, removed or updated (before/after as JSON, never keys). Each router instance records what it applied (recorded_by).';
