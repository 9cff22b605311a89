using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Messaging;

/// <summary>
/// Tuning of one stage's consume loop. Bound from <c>Stages:&lt;stage name&gt;</c>.
/// </summary>
public sealed class ConsumerOptions
{
    /// <summary>Configuration section holding one child section per stage.</summary>
    public const string SectionName = "Stages";

    /// <summary>Consumer group id. Default: <c>llmbroker-&lt;stage&gt;</c>.</summary>
    public string? GroupId { get; set; }

    /// <summary>
    /// Most messages being processed at once by this consumer, across its partitions. When reached,
    /// every assigned partition is paused until the count falls to <see cref="ResumeRatio"/> of it.
    /// Default: 5000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxInFlight { get; set; } = 5000;

    /// <summary>
    /// How long the consumer waits at <see cref="MaxInFlight"/> for work to finish before it pauses its
    /// partitions. Pausing drops the messages fetched ahead and refetching them after the resume took
    /// about a second on the mock cluster, so a stage whose calls take about a second (a slow provider)
    /// ran in waves with nothing in flight between them; waiting instead keeps the prefetched messages.
    /// While waiting, group rebalances are served late by up to this long. Default: 2 s.
    /// </summary>
    public TimeSpan PauseAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Fraction of <see cref="MaxInFlight"/> at which paused partitions resume. Default: 0.8.</summary>
    [Range(0.0, 1.0)]
    public double ResumeRatio { get; set; } = 0.8;

    /// <summary>Handler attempts before a message goes to the dead-letter topic. Default: 3.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First delay between handler attempts (exponential, jittered). Default: 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long shutdown and partition revocation wait for in-flight messages to finish before their
    /// offsets are left uncommitted (they are then processed again by the next owner). Default: 10 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Batch consumers: most messages in one batch. Default: 5000.</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchSize { get; set; } = 5000;

    /// <summary>
    /// Batch consumers: batches written at the same time, each by its own writer over its own share
    /// of the partitions (a partition's batches are always written in order, by one writer). Reading
    /// and decoding go on while they are written. More than one lane lets PostgreSQL store several
    /// batches at once, but lanes writing the same rows (an upsert) wait on each other. Default: 1
    /// (the audit writer and the cost rollup set 2).
    /// </summary>
    [Range(1, 64)]
    public int WriteLanes { get; set; } = 1;

    /// <summary>Batch consumers: longest wait to fill a batch. Default: 200 ms.</summary>
    public TimeSpan MaxBatchWait { get; set; } = TimeSpan.FromMilliseconds(200);
}
