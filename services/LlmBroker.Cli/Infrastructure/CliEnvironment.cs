using System.Collections;

namespace LlmBroker.Cli.Infrastructure;

/// <summary>
/// A snapshot of the environment variables the CLI reads, injectable so tests do not depend on the
/// machine. Names follow the .NET configuration convention (<c>Kafka__BootstrapServers</c>).
/// </summary>
internal sealed class CliEnvironment(IReadOnlyDictionary<string, string> variables)
{
    /// <summary>Kafka bootstrap servers, the default of <c>--bootstrap</c>.</summary>
    public const string BootstrapServers = "Kafka__BootstrapServers";

    /// <summary>Topic prefix, the default of <c>--topic-prefix</c>.</summary>
    public const string TopicPrefix = "Kafka__TopicPrefix";

    /// <summary>Prefix of extra librdkafka properties, e.g. <c>Kafka__Properties__security.protocol</c>.</summary>
    public const string KafkaPropertyPrefix = "Kafka__Properties__";

    /// <summary>Tenant, the default of <c>--tenant</c>.</summary>
    public const string Tenant = "LlmBroker__Tenant";

    /// <summary>App, the default of <c>--app</c>.</summary>
    public const string App = "LlmBroker__App";

    /// <summary>Id of the app's API key; with <see cref="ApiKey"/>, requests the CLI submits are signed.</summary>
    public const string KeyId = "LlmBroker__KeyId";

    /// <summary>The app's API key (read from the environment only, so it never shows in a process list).</summary>
    public const string ApiKey = "LlmBroker__ApiKey";

    /// <summary>PostgreSQL connection string, the default of <c>--pg</c>.</summary>
    public const string PostgresConnectionString = "Postgres__ConnectionString";

    /// <summary>PostgreSQL schema, the default of <c>--schema</c>.</summary>
    public const string PostgresSchema = "Postgres__Schema";

    /// <summary>OpenAI API key: when set, <c>dev</c> calls OpenAI instead of the fake provider.</summary>
    public const string OpenAIApiKey = "OPENAI_API_KEY";

    /// <summary>OpenAI-compatible endpoint (with <c>/v1</c>) <c>dev</c> calls instead of the fake provider.</summary>
    public const string LlmEndpoint = "LLM_ENDPOINT";

    /// <summary>Provider model <c>dev</c> serves (also the alias callers name).</summary>
    public const string LlmModel = "LLM_MODEL";

    /// <summary>An environment with no variables.</summary>
    public static CliEnvironment Empty { get; } = new(new Dictionary<string, string>());

    /// <summary>The value of a variable, or null when it is unset or blank.</summary>
    public string? Get(string name) =>
        variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Every variable whose name starts with <paramref name="prefix"/>, keyed by the rest of the name.</summary>
    public Dictionary<string, string> WithPrefix(string prefix) =>
        variables
            .Where(v => v.Key.StartsWith(prefix, StringComparison.Ordinal) && v.Key.Length > prefix.Length)
            .ToDictionary(v => v.Key[prefix.Length..], v => v.Value, StringComparer.Ordinal);

    /// <summary>The variables of this process.</summary>
    public static CliEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return new CliEnvironment(variables);
    }
}
