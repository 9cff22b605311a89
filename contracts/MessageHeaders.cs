namespace LlmBroker.Contracts;

/// <summary>Kafka header names carried by every message the pipeline produces.</summary>
public static class MessageHeaders
{
    /// <summary>Full protobuf name of the payload, e.g. <c>llmbroker.v1.PromptRequest</c>.</summary>
    public const string MessageType = "lb-type";

    /// <summary>Schema version of the payload (the proto package version, "1").</summary>
    public const string SchemaVersion = "lb-schema";

    /// <summary>W3C trace context.</summary>
    public const string TraceParent = "traceparent";

    /// <summary>W3C trace state.</summary>
    public const string TraceState = "tracestate";

    /// <summary>Current schema version written by this build.</summary>
    public const string CurrentSchemaVersion = "1";
}
