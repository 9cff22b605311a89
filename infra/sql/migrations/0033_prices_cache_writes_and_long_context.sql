-- Two billing rules the list prices did not carry (checked 2026-11-26):
--   * prompt-cache writes: Anthropic bills input tokens written to its prompt cache above the base input
--     price (5-minute writes: 1.25x). NULL keeps today's behaviour: written tokens cost the input price.
--   * long-context tiers: some models bill a WHOLE request at higher rates once its prompt (uncached +
--     cache reads + cache writes) is longer than a threshold; every input and output token of that request
--     then takes the long rates, not only the tokens beyond the threshold.
-- The formula that reads these columns is CostCalculator (router and `llmbroker reprice` alike).

ALTER TABLE $schema$.prices
    ADD COLUMN cache_write_usd_per_mtok       numeric(12,6) CHECK (cache_write_usd_per_mtok >= 0),
    ADD COLUMN long_context_threshold_tokens  integer       CHECK (long_context_threshold_tokens > 0),
    ADD COLUMN long_input_usd_per_mtok        numeric(12,6) CHECK (long_input_usd_per_mtok >= 0),
    ADD COLUMN long_cached_input_usd_per_mtok numeric(12,6) CHECK (long_cached_input_usd_per_mtok >= 0),
    ADD COLUMN long_cache_write_usd_per_mtok  numeric(12,6) CHECK (long_cache_write_usd_per_mtok >= 0),
    ADD COLUMN long_output_usd_per_mtok       numeric(12,6) CHECK (long_output_usd_per_mtok >= 0),
    ADD CONSTRAINT prices_long_context_complete CHECK (
        (long_context_threshold_tokens IS NULL AND long_input_usd_per_mtok IS NULL AND long_output_usd_per_mtok IS NULL
            AND long_cached_input_usd_per_mtok IS NULL AND long_cache_write_usd_per_mtok IS NULL)
        OR (long_context_threshold_tokens IS NOT NULL AND long_input_usd_per_mtok IS NOT NULL AND long_output_usd_per_mtok IS NOT NULL));

COMMENT ON COLUMN $schema$.prices.cache_write_usd_per_mtok IS 'Price of input tokens written to the provider''s prompt cache (Anthropic 5-minute writes); NULL = the input price.';
COMMENT ON COLUMN $schema$.prices.long_context_threshold_tokens IS 'A request whose input tokens (uncached + cache reads + cache writes) exceed this is billed entirely at the long_* prices; NULL = no long-context tier.';
COMMENT ON COLUMN $schema$.prices.long_input_usd_per_mtok IS 'Uncached input price of a request above the long-context threshold; set together with the threshold and the long output price.';
COMMENT ON COLUMN $schema$.prices.long_cached_input_usd_per_mtok IS 'Cache-read price above the long-context threshold; NULL = the long input price.';
COMMENT ON COLUMN $schema$.prices.long_cache_write_usd_per_mtok IS 'Cache-write price above the long-context threshold; NULL = the long input price.';
COMMENT ON COLUMN $schema$.prices.long_output_usd_per_mtok IS 'Output price of a request above the long-context threshold; set together with the threshold and the long input price.';

-- Data. Rows are never re-priced in place (0027, 0030). What follows only fills the NEW columns of
-- existing rows from the source page each row already cites: the row then records more of what its
-- source says, and its price version (effective_from) stays the same. Where that is so, the row's
-- source text gains a note naming the copy the new columns were read from.
--
-- Anthropic 5-minute cache writes, every 0027 row: the "5m Cache Writes" column of the model pricing
-- table of https://platform.claude.com/docs/en/docs/about-claude/pricing, read from its zh-CN and zh-TW
-- copies (https://platform.claude.com/docs/zh-CN/about-claude/pricing, .../zh-TW/...; the table and its
-- figures are not translated, and both list Claude Opus 4.6 first, like the copy 0027 read). Every
-- figure there is 1.25x the base input price, as the page's multipliers say.
UPDATE $schema$.prices AS p
SET cache_write_usd_per_mtok = w.write_price,
    source = p.source || '; 5m cache writes from the same page''s zh-CN/zh-TW copies (same table, listing Claude Opus 4.6)'
FROM (VALUES
    ('claude-opus-4-1',   18.75),
    ('claude-sonnet-4-5',  3.75),
    ('claude-sonnet-4',    3.75),
    ('claude-haiku-4-5',   1.25),
    ('claude-3-5-haiku',   1.00),
    ('claude-opus-4-5',    6.25),
    ('claude-opus-4-6',    6.25),
    ('claude-sonnet-4-6',  3.75)
) AS w(model, write_price)
WHERE p.provider = 'anthropic' AND p.model = w.model AND p.effective_from = '2026-02-05T00:00:00Z';

-- Anthropic long context, claude-sonnet-4 only: the pricing page's long-context table, read from the
-- older first-party copy of the same page at its former address
-- (https://docs.anthropic.com/en/docs/about-claude/pricing): "<= 200K input tokens: input $3, output
-- $15 / MTok; > 200K input tokens: input $6, output $22.50 / MTok" for Claude Sonnet 4 with the 1M
-- context window. The long cache prices are the page's prompt-caching multipliers (writes 1.25x, reads
-- 0.1x of the base input price) applied to the long input price, 7.50 and 0.60: the copy read states the
-- multipliers and the long input price, not these two products.
-- Not added: Sonnet 4.5 (that copy predates it, and no copy read gives its long-context prices),
-- Sonnet 4.6 and Opus 4.6 (no first-party copy read says anything of a long-context tier for them).
UPDATE $schema$.prices
SET long_context_threshold_tokens = 200000,
    long_input_usd_per_mtok = 6.00,
    long_cached_input_usd_per_mtok = 0.60,
    long_cache_write_usd_per_mtok = 7.50,
    long_output_usd_per_mtok = 22.50,
    source = source || '; long context (> 200K input tokens) from the same page at https://docs.anthropic.com/en/docs/about-claude/pricing, long cache prices by the page''s multipliers'
WHERE provider = 'anthropic' AND model = 'claude-sonnet-4' AND effective_from = '2026-02-05T00:00:00Z';

-- Gemini 2.5 Pro, prompts over 200,000 tokens: input 2.50, cached input 0.25, output 15.00 per MTok.
-- UNCHECKED against Google: no copy of ai.google.dev/gemini-api/docs/pricing could be read, again (see
-- 0030). The figures agree with secondary sources (forum threads quoting the page, third-party price
-- lists). Added to the 0007 row, whose own figures are that page's prompts-up-to-200k tier, so the row
-- records the page's other tier; check it against Google before billing anyone.
UPDATE $schema$.prices
SET long_context_threshold_tokens = 200000,
    long_input_usd_per_mtok = 2.50,
    long_cached_input_usd_per_mtok = 0.25,
    long_output_usd_per_mtok = 15.00,
    source = source || '; long-context tier (prompts > 200k tokens) UNCHECKED against Google, agrees with secondary sources'
WHERE provider = 'gemini' AND model = 'gemini-2.5-pro' AND effective_from = '2025-11-01T00:00:00Z';
