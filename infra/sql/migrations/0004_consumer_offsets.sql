-- Kafka offsets of the PostgreSQL sinks, saved in the same transaction as the rows they produced,
-- so a sink resumes exactly after what it wrote (the Kafka group offsets are only a hint).

CREATE TABLE $schema$.consumer_offsets (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT consumer_offsets_pkey PRIMARY KEY (consumer_group, topic, partition)
);

COMMENT ON COLUMN $schema$.consumer_offsets.next_offset IS 'The offset of the next message to read (last written + 1).';
