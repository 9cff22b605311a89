using LlmBroker.Cli.Infrastructure;

namespace LlmBroker.Cli.Stack;

/// <summary>
/// Which LLM provider an embedded stack calls: the in-process fake provider, or a real
/// OpenAI-compatible endpoint configured through the environment.
/// </summary>
internal sealed record ProviderChoice(Uri? Endpoint, string Model, string? ApiKeyEnv)
{
    /// <summary>The endpoint when <c>OPENAI_API_KEY</c> is set and <c>LLM_ENDPOINT</c> is not.</summary>
    public static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    /// <summary>The model when <c>LLM_MODEL</c> is not set.</summary>
    public const string DefaultModel = "gpt-4o-mini";

    /// <summary>The fake provider serving <see cref="DefaultModel"/> (and gpt-4o).</summary>
    public static ProviderChoice Fake { get; } = new(null, DefaultModel, null);

    /// <summary>True for the in-process fake provider.</summary>
    public bool IsFake => Endpoint is null;

    /// <summary>
    /// A real provider when <c>OPENAI_API_KEY</c> or <c>LLM_ENDPOINT</c> is set: <c>LLM_ENDPOINT</c>
    /// (an OpenAI-compatible base URL with <c>/v1</c>, e.g. a local vLLM or Ollama server) or
    /// OpenAI's, with the key from <c>OPENAI_API_KEY</c> when set, serving <c>LLM_MODEL</c> (default
    /// gpt-4o-mini). Otherwise the fake provider.
    /// </summary>
    public static ProviderChoice FromEnvironment(CliEnvironment environment)
    {
        var apiKey = environment.Get(CliEnvironment.OpenAIApiKey);
        var endpoint = environment.Get(CliEnvironment.LlmEndpoint);
        if (apiKey is null && endpoint is null)
        {
            return Fake;
        }

        return new ProviderChoice(
            endpoint is null ? OpenAIEndpoint : new Uri(endpoint),
            environment.Get(CliEnvironment.LlmModel) ?? DefaultModel,
            apiKey is null ? null : CliEnvironment.OpenAIApiKey);
    }

    /// <summary>What is wrong with <c>LLM_ENDPOINT</c>, or null when it is unset or an absolute http(s) URL.</summary>
    public static string? EndpointError(CliEnvironment environment) =>
        environment.Get(CliEnvironment.LlmEndpoint) is not { } endpoint
        || (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : $"{CliEnvironment.LlmEndpoint} must be an absolute http(s) URL such as http://127.0.0.1:11434/v1; got '{endpoint}'";
}
