using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmBroker.Messaging.Topology;

/// <summary>One topic the pipeline needs, as defined in infra/kafka/topics.json.</summary>
public sealed record TopicDefinition(string Name, int Partitions, long RetentionMs);

/// <summary>
/// The pipeline's topics with partition counts and retention, read from infra/kafka/topics.json
/// (embedded at build time), so the dev Kafka host, <c>llmbroker topics create</c> and the tests
/// create the same topology.
/// </summary>
public static class TopicCatalog
{
    private static readonly Lazy<IReadOnlyList<TopicDefinition>> s_all = new(Load);

    /// <summary>Every topic of the pipeline.</summary>
    public static IReadOnlyList<TopicDefinition> All => s_all.Value;

    /// <summary>Looks up one topic by name.</summary>
    public static TopicDefinition Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"Topic '{name}' is not in the catalog.");

    private static IReadOnlyList<TopicDefinition> Load()
    {
        using var stream = typeof(TopicCatalog).Assembly.GetManifestResourceStream("LlmBroker.topics.json")
            ?? throw new InvalidOperationException("topics.json is not embedded.");
        var file = JsonSerializer.Deserialize(stream, TopicCatalogJson.Default.TopicFile)
            ?? throw new InvalidOperationException("topics.json is empty.");
        return file.Topics.Select(t => new TopicDefinition(t.Name, t.Partitions, t.RetentionMs)).ToArray();
    }

    internal sealed record TopicFile(List<TopicEntry> Topics);

    internal sealed record TopicEntry(string Name, int Partitions, long RetentionMs);
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(TopicCatalog.TopicFile))]
internal sealed partial class TopicCatalogJson : JsonSerializerContext;
