namespace LlmBroker.Storage;

/// <summary>
/// The hash chain an outcome is appended to and its offset in the source partition. The audit
/// writer uses one chain per source topic partition (<see cref="ForPartition"/>).
/// </summary>
/// <param name="Chain">Chain name, e.g. <c>llm.outcomes/3</c>.</param>
/// <param name="Offset">Kafka offset of the outcome, or null when unknown.</param>
public readonly record struct AuditSource(string Chain, long? Offset)
{
    /// <summary>Chain of outcomes not read from Kafka (tools, tests).</summary>
    public const string DefaultChain = "default";

    /// <summary>The chain of a topic partition: <c>{topic}/{partition}</c>.</summary>
    public static AuditSource ForPartition(string topic, int partition, long offset) => new($"{topic}/{partition}", offset);
}
