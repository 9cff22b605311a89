-- Token buckets shared by every router process: provider deployments' requests and tokens per
-- minute (and, later, apps' limits). A router takes tokens in small chunks with one atomic statement,
-- so two routers together stay within a limit (plus at most one chunk each).

CREATE TABLE $schema$.rate_buckets (
    key        text             NOT NULL PRIMARY KEY,
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);

COMMENT ON COLUMN $schema$.rate_buckets.tokens IS 'Tokens left at updated_at; refills at the limit''s rate up to its capacity; negative after an oversized take.';
