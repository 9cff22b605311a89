namespace LlmBroker.Contracts;

/// <summary>Every Kafka topic the pipeline uses. The one place topic names are spelled.</summary>
public static class Topics
{
    /// <summary>Interactive prompt requests from producers. May hold PII; short retention.</summary>
    public const string Requests = "llm.requests";

    /// <summary>Batch prompt requests from producers. May hold PII; short retention.</summary>
    public const string RequestsBatch = "llm.requests.batch";

    /// <summary>Interactive requests after redaction. PII-free.</summary>
    public const string Redacted = "llm.redacted";

    /// <summary>Batch requests after redaction. PII-free.</summary>
    public const string RedactedBatch = "llm.redacted.batch";

    /// <summary>Provider answers (or final errors) from the router. PII-free.</summary>
    public const string Responses = "llm.responses";

    /// <summary>PII-free records of finished requests, read by the sinks.</summary>
    public const string Outcomes = "llm.outcomes";

    /// <summary>Client-facing results (PII restored), unless a request names its own reply topic.</summary>
    public const string Results = "llm.results";

    /// <summary>Streamed deltas for requests that asked for streaming.</summary>
    public const string Stream = "llm.stream";

    /// <summary>Deferred work with a not-before time.</summary>
    public const string Retry = "llm.retry";

    /// <summary>Operational alerts (e.g. an app past its soft budget).</summary>
    public const string Alerts = "llm.alerts";

    /// <summary>Messages a stage could not process, with their original bytes.</summary>
    public const string DeadLetters = "llm.dlq";
}
