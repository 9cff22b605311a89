namespace LlmBroker.Routing;

/// <summary>
/// Model aliases and the provider deployments behind them, in the style of LiteLLM's model_list.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>Configuration section: <c>Routing</c>.</summary>
    public const string SectionName = "Routing";

    /// <summary>Model aliases callers may name. Required: at least one.</summary>
    public List<ModelRouteOptions> Models { get; set; } = [];

    /// <summary>Longest wait for one provider call. Default: 60 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after a failed provider call (rate limit, 5xx, timeout, connection). Default: 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay, doubled each time with jitter, unless the provider sends Retry-After. Default: 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between retries, Retry-After included. Default: 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>One model alias.</summary>
public sealed class ModelRouteOptions
{
    /// <summary>The name callers use in <c>model</c>. Required, unique.</summary>
    public string Alias { get; set; } = "";

    /// <summary>Deployments serving the alias. Required: at least one.</summary>
    public List<DeploymentOptions> Deployments { get; set; } = [];
}

/// <summary>One provider deployment: where to call, with which key, at which price.</summary>
public sealed class DeploymentOptions
{
    /// <summary>Unique name, recorded in results and costs. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Provider type; see <see cref="ProviderTypes"/>. Default: <c>openai</c>.</summary>
    public string Provider { get; set; } = ProviderTypes.OpenAI;

    /// <summary>The provider's model name. Required.</summary>
    public string Model { get; set; } = "";

    /// <summary>Base URL including <c>/v1</c> for OpenAI-compatible servers. Default: OpenAI's.</summary>
    public string Endpoint { get; set; } = "https://api.openai.com/v1";

    /// <summary>Name of the environment variable holding the API key (preferred over <see cref="ApiKey"/>).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>The API key itself. Prefer <see cref="ApiKeyEnv"/>; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Most connections open to the deployment's endpoint; calls beyond wait for a free one.
    /// HTTP/2 endpoints multiplex many calls per connection. Default: 1024.
    /// </summary>
    public int MaxConnections { get; set; } = 1024;

    /// <summary>USD per million input tokens. Default: 0.</summary>
    public decimal InputPricePerMillion { get; set; }

    /// <summary>USD per million output tokens. Default: 0.</summary>
    public decimal OutputPricePerMillion { get; set; }

    /// <summary>USD per million cached input tokens. Default: the input price.</summary>
    public decimal? CachedInputPricePerMillion { get; set; }
}

/// <summary>Provider type names accepted in <see cref="DeploymentOptions.Provider"/>.</summary>
public static class ProviderTypes
{
    /// <summary>OpenAI and every OpenAI-compatible server (vLLM, Ollama, Groq, Mistral, Together...).</summary>
    public const string OpenAI = "openai";
}
