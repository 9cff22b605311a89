using LlmBroker.Messaging;
using LlmBroker.Messaging.Topology;

namespace LlmBroker.Testing.Kafka;

/// <summary>
/// The pipeline topics one test created under its own prefix
/// (<see cref="KafkaEnvironment.CreatePipelineTopicsAsync"/>).
/// </summary>
/// <remarks>
/// Stages pick the same names when <see cref="KafkaOptions.TopicPrefix"/> is set to
/// <see cref="Prefix"/> (configuration key <c>Kafka:TopicPrefix</c>).
/// </remarks>
public sealed class TopicSet
{
    internal TopicSet(string prefix, IReadOnlyList<TopicDefinition> topics)
    {
        Prefix = prefix;
        Names = new TopicNames(prefix);
        Topics = topics;
    }

    /// <summary>Prefix in front of every logical name, ending in '.'; the value for <see cref="KafkaOptions.TopicPrefix"/>.</summary>
    public string Prefix { get; }

    /// <summary>The actual name of every logical topic.</summary>
    public TopicNames Names { get; }

    /// <summary>The created topics: actual names, partition counts and retention.</summary>
    public IReadOnlyList<TopicDefinition> Topics { get; }

    /// <summary>The actual name of a logical topic from <see cref="LlmBroker.Contracts.Topics"/>.</summary>
    /// <param name="logicalName">A name such as <see cref="LlmBroker.Contracts.Topics.Requests"/>.</param>
    public string this[string logicalName] => Names.Resolve(logicalName);

    /// <summary>Configuration entries that point a stage at these topics (for <c>AddInMemoryCollection</c>).</summary>
    /// <param name="bootstrapServers">Bootstrap servers for <c>Kafka:BootstrapServers</c>.</param>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration(string bootstrapServers) =>
    [
        new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}", bootstrapServers),
        new($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.TopicPrefix)}", Prefix),
    ];
}
