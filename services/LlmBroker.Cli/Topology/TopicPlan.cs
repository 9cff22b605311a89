using System.Globalization;
using LlmBroker.Messaging.Topology;

namespace LlmBroker.Cli.Topology;

/// <summary>The topics of <see cref="TopicCatalog"/> as one deployment names them (with its prefix).</summary>
internal sealed record TopicPlan(string Name, int Partitions, long RetentionMs)
{
    /// <summary>Every topic is a log of events, never a changelog: old messages are deleted, not compacted.</summary>
    public const string CleanupPolicy = "delete";

    public static IReadOnlyList<TopicPlan> For(string prefix) =>
        TopicCatalog.All.Select(t => new TopicPlan(prefix + t.Name, t.Partitions, t.RetentionMs)).ToArray();

    public IReadOnlyDictionary<string, string> Configs => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["retention.ms"] = RetentionMs.ToString(CultureInfo.InvariantCulture),
        ["cleanup.policy"] = CleanupPolicy,
    };
}
