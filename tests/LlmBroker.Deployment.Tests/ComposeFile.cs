using YamlDotNet.RepresentationModel;

namespace LlmBroker.Deployment.Tests;

/// <summary>One service of docker-compose.yml, with YAML anchors and merge keys (<c>&lt;&lt;</c>) resolved.</summary>
internal sealed record ComposeService(
    string Name,
    IReadOnlyDictionary<string, string> BuildArgs,
    string? BuildContext,
    string? Dockerfile,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string> Command)
{
    public bool IsBuilt => BuildContext is not null;

    /// <summary>The service name, so assertion messages stay readable.</summary>
    public override string ToString() => Name;
}

/// <summary>The parts of docker-compose.yml the deployment tests check.</summary>
internal static class ComposeFile
{
    public const string RelativePath = "docker-compose.yml";

    private static readonly Lazy<IReadOnlyList<ComposeService>> s_services = new(Load);

    public static IReadOnlyList<ComposeService> Services => s_services.Value;

    private static IReadOnlyList<ComposeService> Load()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Combine(RelativePath)))
        {
            // Aliases (*name) are resolved to their anchored nodes by the loader; merge keys are handled in Entries.
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var services = Entries(root).TryGetValue("services", out var node)
            ? (YamlMappingNode)node
            : throw new InvalidOperationException($"{RelativePath} has no services.");
        return Entries(services).Select(s => ToService(s.Key, (YamlMappingNode)s.Value)).ToArray();
    }

    private static ComposeService ToService(string name, YamlMappingNode node)
    {
        var entries = Entries(node);
        IReadOnlyDictionary<string, string> args = new Dictionary<string, string>();
        string? context = null;
        string? dockerfile = null;
        if (entries.TryGetValue("build", out var build))
        {
            if (build is YamlScalarNode contextOnly)
            {
                context = contextOnly.Value;
            }
            else
            {
                var buildEntries = Entries((YamlMappingNode)build);
                context = Scalar(buildEntries.GetValueOrDefault("context")) ?? ".";
                dockerfile = Scalar(buildEntries.GetValueOrDefault("dockerfile"));
                args = KeyValues(buildEntries.GetValueOrDefault("args"));
            }
        }

        return new ComposeService(
            name,
            args,
            context,
            dockerfile,
            KeyValues(entries.GetValueOrDefault("environment")),
            DependsOn(entries.GetValueOrDefault("depends_on")),
            Strings(entries.GetValueOrDefault("command")));
    }

    /// <summary>
    /// A mapping's entries with YAML merge keys applied: explicit keys win over merged ones, and among merged
    /// mappings the first listed wins (YAML 1.1 merge semantics, as Docker Compose applies them).
    /// </summary>
    public static IReadOnlyDictionary<string, YamlNode> Entries(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var merged = new List<YamlMappingNode>();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name == "<<")
            {
                merged.AddRange(value is YamlSequenceNode list ? list.Children.Cast<YamlMappingNode>() : [(YamlMappingNode)value]);
            }
            else
            {
                result[name] = value;
            }
        }

        foreach (var source in merged)
        {
            foreach (var (key, value) in Entries(source))
            {
                result.TryAdd(key, value);
            }
        }

        return result;
    }

    /// <summary>Compose's two spellings of a string map: a mapping, or a list of <c>KEY=VALUE</c>.</summary>
    private static IReadOnlyDictionary<string, string> KeyValues(YamlNode? node) => node switch
    {
        null => new Dictionary<string, string>(),
        YamlMappingNode map => Entries(map).ToDictionary(e => e.Key, e => Scalar(e.Value) ?? "", StringComparer.Ordinal),
        YamlSequenceNode list => list.Children
            .Select(item => Scalar(item) ?? "")
            .Select(item => item.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"Unexpected node {node} where a map was expected."),
    };

    /// <summary>Service name to condition; the list form means <c>service_started</c>.</summary>
    private static IReadOnlyDictionary<string, string> DependsOn(YamlNode? node) => node switch
    {
        null => new Dictionary<string, string>(),
        YamlSequenceNode list => list.Children.ToDictionary(s => Scalar(s)!, _ => "service_started", StringComparer.Ordinal),
        YamlMappingNode map => Entries(map).ToDictionary(
            e => e.Key,
            e => e.Value is YamlMappingNode options ? Scalar(Entries(options).GetValueOrDefault("condition")) ?? "service_started" : "service_started",
            StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"Unexpected depends_on node {node}."),
    };

    private static IReadOnlyList<string> Strings(YamlNode? node) => node switch
    {
        null => [],
        YamlScalarNode scalar => [scalar.Value ?? ""],
        YamlSequenceNode list => list.Children.Select(c => Scalar(c) ?? "").ToArray(),
        _ => throw new InvalidOperationException($"Unexpected command node {node}."),
    };

    private static string? Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value;
}
