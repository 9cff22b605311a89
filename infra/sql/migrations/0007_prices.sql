-- List prices per provider model with the instant they take effect. A price row is never changed:
-- a new price is a new row with a later effective_from, so a cost can always be explained by the
-- price version it records ("{provider}/{model}@{effective_from, UTC ISO 8601}").
-- Read by the router's PriceBook (refreshed periodically) and by `llmbroker reprice`.

CREATE TABLE $schema$.prices (
    provider                   text          NOT NULL,
    model                      text          NOT NULL,
    effective_from             timestamptz   NOT NULL,
    input_usd_per_mtok         numeric(12,6) NOT NULL CHECK (input_usd_per_mtok >= 0),
    cached_input_usd_per_mtok  numeric(12,6) NOT NULL CHECK (cached_input_usd_per_mtok >= 0),
    output_usd_per_mtok        numeric(12,6) NOT NULL CHECK (output_usd_per_mtok >= 0),
    batch_discount             numeric(5,4)  NOT NULL DEFAULT 0 CHECK (batch_discount >= 0 AND batch_discount <= 1),
    source                     text          NOT NULL DEFAULT '',
    created_at                 timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT prices_pkey PRIMARY KEY (provider, model, effective_from)
);

COMMENT ON TABLE  $schema$.prices IS 'List prices in US dollars per million tokens, by provider model and effective date.';
COMMENT ON COLUMN $schema$.prices.model IS 'The provider''s model id; also matches dated ids that extend it (gpt-4o matches gpt-4o-2024-08-06).';
COMMENT ON COLUMN $schema$.prices.cached_input_usd_per_mtok IS 'Price of input tokens read from the provider''s prompt cache.';
COMMENT ON COLUMN $schema$.prices.batch_discount IS 'Fraction taken off the whole cost on the batch lane (0.5 = half price).';

-- Seed: public list prices (standard tier, text tokens; Gemini 2.5 Pro at its prompts-up-to-200k
-- tier; Mistral has no cached-input price, so cached = input). Snapshot dated 2025-11-01, taken
-- from the providers' pricing pages (openai.com/api/pricing, anthropic.com/pricing,
-- ai.google.dev/gemini-api/docs/pricing, mistral.ai/pricing). Check them before billing anyone:
-- add a row with a later effective_from instead of editing these.
INSERT INTO $schema$.prices
    (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount, source)
VALUES
    ('openai',    'gpt-5',                 '2025-11-01T00:00:00Z',  1.25,  0.125,  10.00, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-5-mini',            '2025-11-01T00:00:00Z',  0.25,  0.025,   2.00, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-5-nano',            '2025-11-01T00:00:00Z',  0.05,  0.005,   0.40, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-4.1',               '2025-11-01T00:00:00Z',  2.00,  0.50,    8.00, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-4.1-mini',          '2025-11-01T00:00:00Z',  0.40,  0.10,    1.60, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-4.1-nano',          '2025-11-01T00:00:00Z',  0.10,  0.025,   0.40, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-4o',                '2025-11-01T00:00:00Z',  2.50,  1.25,   10.00, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'gpt-4o-mini',           '2025-11-01T00:00:00Z',  0.15,  0.075,   0.60, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'o3',                    '2025-11-01T00:00:00Z',  2.00,  0.50,    8.00, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('openai',    'o4-mini',               '2025-11-01T00:00:00Z',  1.10,  0.275,   4.40, 0.5, 'openai.com/api/pricing, 2025-11-01'),
    ('anthropic', 'claude-opus-4-1',       '2025-11-01T00:00:00Z', 15.00,  1.50,   75.00, 0.5, 'anthropic.com/pricing, 2025-11-01'),
    ('anthropic', 'claude-sonnet-4-5',     '2025-11-01T00:00:00Z',  3.00,  0.30,   15.00, 0.5, 'anthropic.com/pricing, 2025-11-01'),
    ('anthropic', 'claude-sonnet-4',       '2025-11-01T00:00:00Z',  3.00,  0.30,   15.00, 0.5, 'anthropic.com/pricing, 2025-11-01'),
    ('anthropic', 'claude-haiku-4-5',      '2025-11-01T00:00:00Z',  1.00,  0.10,    5.00, 0.5, 'anthropic.com/pricing, 2025-11-01'),
    ('anthropic', 'claude-3-5-haiku',      '2025-11-01T00:00:00Z',  0.80,  0.08,    4.00, 0.5, 'anthropic.com/pricing, 2025-11-01'),
    ('gemini',    'gemini-2.5-pro',        '2025-11-01T00:00:00Z',  1.25,  0.125,  10.00, 0.5, 'ai.google.dev/gemini-api/docs/pricing, 2025-11-01'),
    ('gemini',    'gemini-2.5-flash',      '2025-11-01T00:00:00Z',  0.30,  0.03,    2.50, 0.5, 'ai.google.dev/gemini-api/docs/pricing, 2025-11-01'),
    ('gemini',    'gemini-2.5-flash-lite', '2025-11-01T00:00:00Z',  0.10,  0.01,    0.40, 0.5, 'ai.google.dev/gemini-api/docs/pricing, 2025-11-01'),
    ('gemini',    'gemini-2.0-flash',      '2025-11-01T00:00:00Z',  0.10,  0.025,   0.40, 0.5, 'ai.google.dev/gemini-api/docs/pricing, 2025-11-01'),
    ('mistral',   'mistral-large-latest',  '2025-11-01T00:00:00Z',  2.00,  2.00,    6.00, 0.5, 'mistral.ai/pricing, 2025-11-01'),
    ('mistral',   'mistral-medium-latest', '2025-11-01T00:00:00Z',  0.40,  0.40,    2.00, 0.5, 'mistral.ai/pricing, 2025-11-01'),
    ('mistral',   'mistral-small-latest',  '2025-11-01T00:00:00Z',  0.10,  0.10,    0.30, 0.5, 'mistral.ai/pricing, 2025-11-01'),
    ('mistral',   'codestral-latest',      '2025-11-01T00:00:00Z',  0.30,  0.30,    0.90, 0.5, 'mistral.ai/pricing, 2025-11-01');
