using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LlmBroker.Routing.Sources;

/// <summary>
/// Reads a deployments file: a YAML document with a <c>models:</c> list shaped like
/// <see cref="ModelRouteOptions"/> (camelCase keys), e.g.
/// <code>
/// models:
///   - alias: gpt-4o
///     strategy: least-latency
///     fallbacks: [claude]
///     deployments:
///       - name: azure-eu
///         provider: azure
///         model: gpt-4o
///         endpoint: https://contoso.openai.azure.com/
///         apiKeyEnv: AZURE_OPENAI_KEY
///         contextWindow: 128000
/// </code>
/// </summary>
internal static class YamlDeploymentsFile
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new TimeSpanYamlConverter())
        .Build();

    /// <summary>The aliases of <paramref name="path"/>; problems are added to <paramref name="errors"/> (an empty list comes back).</summary>
    public static IReadOnlyList<ModelRouteOptions> TryLoad(string path, List<string> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: cannot be read ({e.GetType().Name}: {e.Message}).");
            return [];
        }

        return TryParse(text, path, errors);
    }

    public static IReadOnlyList<ModelRouteOptions> TryParse(string text, string source, List<string> errors)
    {
        try
        {
            var file = s_deserializer.Deserialize<DeploymentsDocument?>(text);
            return file?.Models ?? [];
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            errors.Add($"{source}: line {e.Start.Line}: {reason}");
            return [];
        }
    }

    /// <summary>The document's root.</summary>
    internal sealed class DeploymentsDocument
    {
        public List<ModelRouteOptions> Models { get; set; } = [];
    }

    /// <summary>Durations as <c>00:00:02</c> or with a unit: <c>250ms</c>, <c>2s</c>, <c>1m</c>.</summary>
    private sealed class TimeSpanYamlConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(TimeSpan) || type == typeof(TimeSpan?);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var scalar = parser.Consume<YamlDotNet.Core.Events.Scalar>();
            var value = scalar.Value.Trim();
            if (value.Length == 0 && type == typeof(TimeSpan?))
            {
                return null;
            }

            if (TryParseDuration(value, out var duration))
            {
                return duration;
            }

            throw new YamlException(scalar.Start, scalar.End, $"'{value}' is not a duration (e.g. 250ms, 2s, 1m or 00:00:02)");
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("deployments files are only read");

        private static bool TryParseDuration(string value, out TimeSpan duration)
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000)];
            foreach (var (suffix, scale) in units)
            {
                if (value.EndsWith(suffix, StringComparison.Ordinal)
                    && double.TryParse(value[..^suffix.Length], System.Globalization.NumberStyles.Float, culture, out var number)
                    && !(suffix == "s" && value.EndsWith("ms", StringComparison.Ordinal)))
                {
                    duration = TimeSpan.FromMilliseconds(number * scale);
                    return true;
                }
            }

            return TimeSpan.TryParse(value, culture, out duration);
        }
    }
}
