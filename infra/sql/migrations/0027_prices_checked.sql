-- List prices checked against the providers' own pages (checked 2026-11-26). The 0007 seed was a
-- snapshot that had never been compared with a source; rows are never edited, so each checked
-- price is a new row whose effective_from is the date of the source it was read from, and whose
-- source names that page and how its date is known.
--
-- Dating undated pages: the stored copies of these pages carry no date of their own. Where the
-- page lists a model whose release date the same site states, the copy is at least that recent and
-- that date is used (Anthropic: the newest model on the copy is Claude Opus 4.6, released
-- 2026-02-05). Where no such date could be derived, the date of the check is used (OpenAI model
-- pages: 2026-11-26).
--
-- Not checked, so their 0007 rows stay in force: gpt-5, gpt-4.1, gpt-4.1-mini, gpt-4.1-nano, gpt-4o,
-- gpt-4o-mini, o3, o4-mini (no provider page for them could be read), every Gemini model (the Gemini
-- API pricing page could not be read) and every Mistral model (neither mistral.ai/pricing nor the
-- docs.mistral.ai model cards could be read). Secondary sources say that mistral-medium-latest and
-- mistral-large-latest now resolve to newer models at different prices; check those first.
INSERT INTO $schema$.prices
    (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount, source)
VALUES
    -- "Model pricing" table: base input, cache hits and refreshes, output. Batch: Anthropic's batch
    -- table (docs.anthropic.com pricing) gives exactly half of input and output for Opus 4.1, Sonnet 4
    -- and Haiku 3.5, and the platform.claude.com model pages (Opus 4.5 and later) state a 50% discount.
    ('anthropic', 'claude-opus-4-1',   '2026-02-05T00:00:00Z', 15.00, 1.50, 75.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05); later copies mark Opus 4.1 retired on the Claude API'),
    ('anthropic', 'claude-sonnet-4-5', '2026-02-05T00:00:00Z',  3.00, 0.30, 15.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05)'),
    ('anthropic', 'claude-sonnet-4',   '2026-02-05T00:00:00Z',  3.00, 0.30, 15.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05)'),
    ('anthropic', 'claude-haiku-4-5',  '2026-02-05T00:00:00Z',  1.00, 0.10,  5.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05)'),
    ('anthropic', 'claude-3-5-haiku',  '2026-02-05T00:00:00Z',  0.80, 0.08,  4.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05); listed as Claude Haiku 3.5'),
    ('anthropic', 'claude-opus-4-5',   '2026-02-05T00:00:00Z',  5.00, 0.50, 25.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05)'),
    ('anthropic', 'claude-opus-4-6',   '2026-02-05T00:00:00Z',  5.00, 0.50, 25.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05)'),
    ('anthropic', 'claude-sonnet-4-6', '2026-02-05T00:00:00Z',  3.00, 0.30, 15.00, 0.5, 'https://platform.claude.com/docs/en/docs/about-claude/pricing, 2026-02-05 (undated copy listing Claude Opus 4.6, released 2026-02-05)'),
    -- Model pages, "Text tokens, per 1M tokens": input, cached input, output. Both models are marked
    -- deprecated (nano) or due for deprecation (mini) there. The batch discount is not shown on these
    -- pages and was not re-checked.
    ('openai',    'gpt-5-mini',        '2026-11-26T00:00:00Z',  0.25, 0.025, 2.00, 0.5, 'https://developers.openai.com/ko-KR/api/docs/models/gpt-5-mini, 2026-11-26 (undated copy, date of the check); batch discount not re-checked'),
    ('openai',    'gpt-5-nano',        '2026-11-26T00:00:00Z',  0.05, 0.005, 0.40, 0.5, 'https://developers.openai.com/api/docs/models/gpt-5-nano.md, 2026-11-26 (undated copy, date of the check); batch discount not re-checked');
