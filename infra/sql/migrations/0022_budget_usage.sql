-- Month-to-date spend and in-flight reservations per app, kept by the routers so a budget holds
-- under concurrency: a call reserves its estimated cost before it goes out (refused when spend plus
-- reservations would pass the hard limit) and settles to its actual cost when it returns. A month's
-- row starts from the usage ledger, so requests finished before the row existed count too.

CREATE TABLE $schema$.budget_usage (
    tenant        text        NOT NULL,
    app           text        NOT NULL,
    period        date        NOT NULL,
    spent_nano    bigint      NOT NULL DEFAULT 0,
    reserved_nano bigint      NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT budget_usage_pkey PRIMARY KEY (tenant, app, period)
);

COMMENT ON COLUMN $schema$.budget_usage.period IS 'First day of the calendar month (UTC).';
COMMENT ON COLUMN $schema$.budget_usage.spent_nano IS 'Settled cost this month, in billionths of a US dollar.';
COMMENT ON COLUMN $schema$.budget_usage.reserved_nano IS 'Estimated cost of calls in flight, in billionths of a US dollar.';
