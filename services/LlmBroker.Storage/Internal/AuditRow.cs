namespace LlmBroker.Storage.Internal;

/// <summary>One audit_log row exactly as it is stored and hashed (text already cleaned, JSON rendered).</summary>
internal sealed class AuditRow
{
    public required string Chain { get; init; }

    public long? SourceOffset { get; init; }

    public required string RequestId { get; init; }

    public required string Event { get; init; }

    public required string Tenant { get; init; }

    public required string App { get; init; }

    public string? KeyId { get; init; }

    public required string Model { get; init; }

    public required string Lane { get; init; }

    public required string Provider { get; init; }

    public required string Deployment { get; init; }

    public string? ProviderModel { get; init; }

    public string? TemplateId { get; init; }

    public string? TemplateVersion { get; init; }

    public string? BatchId { get; init; }

    public string? CustomId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public string? FinishReason { get; init; }

    public required string RedactedMessages { get; init; }

    public string? RedactedOutput { get; init; }

    public required string Attempts { get; init; }

    public required string[] ChecksRun { get; init; }

    public required string[] ChecksFailed { get; init; }

    public required string Tags { get; init; }

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int CachedInputTokens { get; init; }

    public long CostNanoUsd { get; init; }

    public bool CacheHit { get; init; }

    public string? PriceVersion { get; init; }

    public required string StageTimes { get; init; }

    /// <summary>The latest stage time, to microseconds; null when the outcome has none.</summary>
    public DateTime? CompletedAt { get; init; }

    /// <summary>When the event happened: <see cref="CompletedAt"/>, else the recording time.</summary>
    public DateTime OccurredAt { get; set; }

    /// <summary>The writing transaction's time (PostgreSQL's now()).</summary>
    public DateTime RecordedAt { get; set; }

    /// <summary>The canonical text up to stage_times, when rendered ahead of the write (see <see cref="AuditCanonical.Prefix"/>).</summary>
    public byte[]? CanonicalPrefix { get; set; }

    public long ChainSeq { get; set; }

    public byte[] PrevHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];
}
