-- More list prices checked against the providers' own material (checked 2026-11-26), following
-- 0027's conventions: rows are never edited; each checked price is a new row whose effective_from is
-- the date of its source, and whose source names that source and how its date is known.
--
-- Mistral: checked against the model cards of docs.mistral.ai. Their text is kept by Mistral in its
-- public docs repository (github.com/mistralai/platform-docs-public, one file per card under
-- src/schema/models/models/, rendered at https://docs.mistral.ai/models/<slug>). Each card gives the
-- API names it answers to, the input and output price per million tokens (the card's "price" field,
-- US dollars; the later schema names it the USD price next to an optional EUR one) and no price for
-- cached input, so cached = input as in 0007. Batch: the docs' Batch Processing page says batches run
-- "at a 50% discount" (https://docs.mistral.ai/studio-api/batch-processing, same repository, commit
-- 580ab5c3). Dating, as 0027 does for undated copies:
--   * commit 038807d6 of that repository holds the cards for Mistral Large 3, Mistral Small 4 and
--     Codestral 25.08; it lists Mistral Small 4, released 2026-03-16 (its card's release date), so
--     that copy is at least that recent: its rows take effect 2026-03-16.
--   * mistral-medium-latest: an older copy of the Mistral Medium 3.5 card (commit 8d9306dd) does not
--     list the alias, a later one does (its commit is not recorded by the stored copy). When the
--     alias moved to Medium 3.5 cannot be derived, so its rows take the date of the check,
--     2026-11-26; before that, the 0007 price (0.40 / 2.00, which the Medium 3.1 card, then the
--     alias's target, also gives) stays in force.
-- The cards' dated API names (mistral-large-2512, mistral-small-2603, codestral-2508,
-- mistral-medium-3-5) get the same rows, so pinned ids are priced too.
-- Found, not added: Mistral Large 4 (public preview, API names mistral-large-4 and mistral-large-4-0)
-- carries a reduced price beside an "original" one (input 0.68 / 1.36, cached 0.07 / 0.14, output
-- 2.09 / 4.18) with no stated end; which of them is billed could not be told from the card.
--
-- Not checked, so their 0007 rows stay in force:
--   * gpt-5, gpt-4.1, gpt-4.1-mini, gpt-4.1-nano, gpt-4o, gpt-4o-mini, o3, o4-mini: no copy of an
--     OpenAI page giving their prices could be read (developers.openai.com model and pricing pages,
--     platform.openai.com/docs/pricing, openai.com/api/pricing and localized copies were searched;
--     the one copy of a platform.openai.com model page found, for gpt-4o-mini, shows no prices).
--     Aggregators agree with the 0007 figures for all eight; that is not a check.
--   * every Gemini model: no copy of ai.google.dev/gemini-api/docs/pricing (nor of the Vertex AI
--     generative AI pricing page) could be read; copies of other ai.google.dev pages (billing) were.
--     Google's public repositories (google-gemini/*) hold no price list.
INSERT INTO $schema$.prices
    (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount, source)
VALUES
    -- Mistral Large 3 (25.12): API names mistral-large-2512, mistral-large-latest. Was 2.00 / 6.00 in 0007.
    ('mistral', 'mistral-large-latest',  '2026-03-16T00:00:00Z', 0.50, 0.50, 1.50, 0.5, 'https://docs.mistral.ai/models/mistral-large-3-25-12, 2026-03-16 (card source github.com/mistralai/platform-docs-public commit 038807d6, undated; the same copy lists Mistral Small 4, released 2026-03-16); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    ('mistral', 'mistral-large-2512',    '2026-03-16T00:00:00Z', 0.50, 0.50, 1.50, 0.5, 'https://docs.mistral.ai/models/mistral-large-3-25-12, 2026-03-16 (card source github.com/mistralai/platform-docs-public commit 038807d6, undated; the same copy lists Mistral Small 4, released 2026-03-16); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    -- Mistral Small 4 (26.03): API names mistral-small-2603, mistral-small-latest. Was 0.10 / 0.30 in 0007.
    ('mistral', 'mistral-small-latest',  '2026-03-16T00:00:00Z', 0.15, 0.15, 0.60, 0.5, 'https://docs.mistral.ai/models/mistral-small-4-0-26-03, 2026-03-16 (card source github.com/mistralai/platform-docs-public commit 038807d6, undated; lists Mistral Small 4, released 2026-03-16); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    ('mistral', 'mistral-small-2603',    '2026-03-16T00:00:00Z', 0.15, 0.15, 0.60, 0.5, 'https://docs.mistral.ai/models/mistral-small-4-0-26-03, 2026-03-16 (card source github.com/mistralai/platform-docs-public commit 038807d6, undated; lists Mistral Small 4, released 2026-03-16); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    -- Codestral (25.08): API names codestral-2508, codestral-latest. Same as 0007.
    ('mistral', 'codestral-latest',      '2026-03-16T00:00:00Z', 0.30, 0.30, 0.90, 0.5, 'https://docs.mistral.ai/models/codestral-25-08, 2026-03-16 (card source github.com/mistralai/platform-docs-public commit 038807d6, undated; the same copy lists Mistral Small 4, released 2026-03-16); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    ('mistral', 'codestral-2508',        '2026-03-16T00:00:00Z', 0.30, 0.30, 0.90, 0.5, 'https://docs.mistral.ai/models/codestral-25-08, 2026-03-16 (card source github.com/mistralai/platform-docs-public commit 038807d6, undated; the same copy lists Mistral Small 4, released 2026-03-16); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    -- Mistral Medium 3.5 (26.04): API names mistral-medium-3-5, mistral-medium-3, mistral-medium-latest.
    -- Was 0.40 / 2.00 in 0007 (Medium 3.1). mistral-medium-3 is left out: as a prefix it would also
    -- price mistral-medium-3-1 ids at Medium 3.5's price.
    ('mistral', 'mistral-medium-latest', '2026-11-26T00:00:00Z', 1.50, 1.50, 7.50, 0.5, 'https://docs.mistral.ai/models/mistral-medium-3-5-26-04, 2026-11-26 (undated card source in github.com/mistralai/platform-docs-public that lists mistral-medium-latest; an older copy, commit 8d9306dd, does not, so date of the check); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing'),
    ('mistral', 'mistral-medium-3-5',    '2026-11-26T00:00:00Z', 1.50, 1.50, 7.50, 0.5, 'https://docs.mistral.ai/models/mistral-medium-3-5-26-04, 2026-11-26 (undated card source in github.com/mistralai/platform-docs-public, date of the check); no cached-input price; batch 50% per https://docs.mistral.ai/studio-api/batch-processing');
