using LlmBroker.Contracts;

namespace LlmBroker.Messaging;

/// <summary>
/// The actual topic names of one deployment: every name in <see cref="Topics"/> with
/// <see cref="KafkaOptions.TopicPrefix"/> in front.
/// </summary>
public sealed class TopicNames
{
    /// <summary>Creates the names for a prefix (empty for none).</summary>
    public TopicNames(string prefix = "")
    {
        Prefix = prefix;
        Requests = prefix + Topics.Requests;
        RequestsBatch = prefix + Topics.RequestsBatch;
        Redacted = prefix + Topics.Redacted;
        RedactedBatch = prefix + Topics.RedactedBatch;
        Responses = prefix + Topics.Responses;
        Outcomes = prefix + Topics.Outcomes;
        Results = prefix + Topics.Results;
        Stream = prefix + Topics.Stream;
        Retry = prefix + Topics.Retry;
        DeadLetters = prefix + Topics.DeadLetters;
        Alerts = prefix + Topics.Alerts;
    }

    /// <summary>The prefix applied.</summary>
    public string Prefix { get; }

    /// <inheritdoc cref="Topics.Requests"/>
    public string Requests { get; }

    /// <inheritdoc cref="Topics.RequestsBatch"/>
    public string RequestsBatch { get; }

    /// <inheritdoc cref="Topics.Redacted"/>
    public string Redacted { get; }

    /// <inheritdoc cref="Topics.RedactedBatch"/>
    public string RedactedBatch { get; }

    /// <inheritdoc cref="Topics.Responses"/>
    public string Responses { get; }

    /// <inheritdoc cref="Topics.Outcomes"/>
    public string Outcomes { get; }

    /// <inheritdoc cref="Topics.Results"/>
    public string Results { get; }

    /// <inheritdoc cref="Topics.Stream"/>
    public string Stream { get; }

    /// <inheritdoc cref="Topics.Retry"/>
    public string Retry { get; }

    /// <inheritdoc cref="Topics.DeadLetters"/>
    public string DeadLetters { get; }

    /// <inheritdoc cref="Topics.Alerts"/>
    public string Alerts { get; }

    /// <summary>The actual name of a logical topic from <see cref="Topics"/>.</summary>
    public string Resolve(string logicalName) => Prefix + logicalName;
}
