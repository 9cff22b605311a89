namespace LlmBroker.Routing;

/// <summary>
/// Model aliases and the provider deployments behind them, in the style of LiteLLM's model_list.
/// Aliases come from this section, from <see cref="DeploymentsFile"/> and, when
/// <see cref="LoadFromDatabase"/> is set, from the PostgreSQL tables <c>route_aliases</c> and
/// <c>deployments</c>; the file and the tables are reloaded without restart.
/// </summary>
public sealed class RoutingOptions
{
    /// <summary>Configuration section: <c>Routing</c>.</summary>
    public const string SectionName = "Routing";

    /// <summary>Model aliases callers may name. Together with the file and the database: at least one.</summary>
    public List<ModelRouteOptions> Models { get; set; } = [];

    /// <summary>Path of a YAML file listing more aliases (<c>models:</c>, same shape as <see cref="Models"/>), watched for changes. Default: none.</summary>
    public string? DeploymentsFile { get; set; }

    /// <summary>Read aliases and deployments from PostgreSQL (needs <c>Postgres:ConnectionString</c>). Default: false.</summary>
    public bool LoadFromDatabase { get; set; }

    /// <summary>How often the file and the database are checked for changes. Default: 10 s.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most requests one router process has at its providers at once, both lanes together (each lane's
    /// <c>Stages:&lt;lane&gt;:MaxInFlight</c> bounds only that lane, and the two add up). Past it a request
    /// waits, an interactive one first; an interactive one waits at most until its deadline. A call
    /// in flight holds its prompt, its answer and the client's state for as long as the provider takes:
    /// size the heap to this number (see the README). Default: 5,000.
    /// </summary>
    public int MaxCallsInFlight { get; set; } = 5000;

    /// <summary>Longest wait for one provider call. Default: 60 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an interactive call without a deadline waits when every deployment that can serve it
    /// is at its rate limit, before it ends RATE_LIMITED (a deadline shortens it). Batch calls wait.
    /// </summary>
    public TimeSpan InteractiveRateLimitWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries on the same deployment after a failed call (rate limit, 5xx, timeout, connection), before
    /// failing over. They apply when the alias has no other untried deployment in rotation (weight above
    /// zero, circuit closed, fitting the request's rules): with one, the request moves there at once.
    /// Default: 2.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay, doubled each time with jitter, unless the provider sends Retry-After. Default: 500 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between retries, Retry-After included. Default: 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The per-deployment circuit breaker, shared by every call of the process.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}

/// <summary>
/// When a deployment is taken out of rotation: after <see cref="FailureRatio"/> of at least
/// <see cref="MinimumThroughput"/> calls within <see cref="SamplingDuration"/> failed, it is skipped for
/// <see cref="BreakDuration"/>, then one probe call decides whether it comes back.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether deployments have a circuit breaker. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share of failed calls (0..1] that opens the circuit. Default: 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the ratio counts (at least 2). Default: 10.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>The window the failure ratio is measured over (at least 500 ms). Default: 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit stays open before a probe (at least 500 ms). Default: 30 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>One model alias.</summary>
public sealed class ModelRouteOptions
{
    /// <summary>The name callers use in <c>model</c>. Required, unique.</summary>
    public string Alias { get; set; } = "";

    /// <summary>How a deployment is picked among the eligible ones; see <see cref="RoutingStrategies"/>. Default: <c>weighted</c>.</summary>
    public string Strategy { get; set; } = RoutingStrategies.Weighted;

    /// <summary>Aliases tried, in order, when every deployment of this alias failed. Default: none.</summary>
    public List<string> Fallbacks { get; set; } = [];

    /// <summary>Aliases tried when the prompt does not fit (estimated, or the provider said so). Default: none.</summary>
    public List<string> ContextWindowFallbacks { get; set; } = [];

    /// <summary>Aliases tried when a provider refused the content. Default: none (the refusal is final).</summary>
    public List<string> ContentPolicyFallbacks { get; set; } = [];

    /// <summary>
    /// Interactive lane only, non-streamed: when the first call has not answered after this delay a
    /// second deployment is called too and the first answer wins. Default: none (no hedging).
    /// </summary>
    public TimeSpan? HedgingDelay { get; set; }

    /// <summary>Deployments serving the alias. Required: at least one, at most 64.</summary>
    public List<DeploymentOptions> Deployments { get; set; } = [];
}

/// <summary>One provider deployment: where to call, with which key, at which price.</summary>
public sealed class DeploymentOptions
{
    /// <summary>Unique name, recorded in results and costs. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Provider type; see <see cref="ProviderTypes"/>. Default: <c>openai</c>.</summary>
    public string Provider { get; set; } = ProviderTypes.OpenAI;

    /// <summary>The provider's model name (for Azure OpenAI: the deployment name). Required.</summary>
    public string Model { get; set; } = "";

    /// <summary>
    /// Base URL: including <c>/v1</c> for OpenAI-compatible servers (default OpenAI's), the resource URL
    /// for Azure OpenAI (<c>https://NAME.openai.azure.com/</c>), without <c>/v1</c> for Anthropic.
    /// </summary>
    public string Endpoint { get; set; } = "https://api.openai.com/v1";

    /// <summary>Credential reference: the environment variable holding the API key (preferred over <see cref="ApiKey"/>).</summary>
    public string? ApiKeyEnv { get; set; }

    /// <summary>The API key itself. Prefer <see cref="ApiKeyEnv"/>; never logged, never recorded in change records.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>Azure OpenAI <c>api-version</c> query value. Default: <c>2024-10-21</c>.</summary>
    public string ApiVersion { get; set; } = "2024-10-21";

    /// <summary>Share of traffic under the <c>weighted</c> strategy, relative to the alias's other deployments. Default: 1.</summary>
    public int Weight { get; set; } = 1;

    /// <summary>Requests per minute the deployment allows, enforced across routers; 0 for no limit. Default: 0.</summary>
    public int Rpm { get; set; }

    /// <summary>Tokens per minute the deployment allows, enforced across routers (and used by <c>usage-based</c>); 0 for no limit. Default: 0.</summary>
    public int Tpm { get; set; }

    /// <summary>
    /// HTTP version of the calls: <c>1.1</c>, or <c>2</c> for many calls multiplexed on few connections
    /// (over https it is negotiated and falls back to 1.1; over plain http the server must speak h2c).
    /// Default: <c>1.1</c>.
    /// </summary>
    public string HttpVersion { get; set; } = "1.1";

    /// <summary>Context window in tokens (prompt plus answer); 0 for unknown (never skipped). Default: 0.</summary>
    public int ContextWindow { get; set; }

    /// <summary>Answer token limit sent when a request sets none (Anthropic requires one). Default: 4096.</summary>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>Region, matched like a tag (e.g. <c>eu</c>). Default: none.</summary>
    public string? Region { get; set; }

    /// <summary>Tags a request can ask for through its <c>route_tags</c> tag. Default: none.</summary>
    public List<string> Tags { get; set; } = [];

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

    /// <summary>USD per million input tokens written to the provider's prompt cache. Default: the input price.</summary>
    public decimal? CacheWritePricePerMillion { get; set; }
}

/// <summary>Provider type names accepted in <see cref="DeploymentOptions.Provider"/>.</summary>
public static class ProviderTypes
{
    /// <summary>OpenAI and every OpenAI-compatible server (vLLM, Ollama, Groq, Mistral, Together...): bearer key.</summary>
    public const string OpenAI = "openai";

    /// <summary>Azure OpenAI: deployment URLs (<c>/openai/deployments/{model}</c>), <c>api-key</c> header, <c>api-version</c>.</summary>
    public const string AzureOpenAI = "azure";

    /// <summary>Anthropic messages API through the official Anthropic SDK.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>Every accepted type.</summary>
    public static IReadOnlyList<string> All { get; } = [OpenAI, AzureOpenAI, Anthropic];
}

/// <summary>Names of the deployment-picking strategies accepted in <see cref="ModelRouteOptions.Strategy"/>.</summary>
public static class RoutingStrategies
{
    /// <summary>Random, in proportion to <see cref="DeploymentOptions.Weight"/>.</summary>
    public const string Weighted = "weighted";

    /// <summary>The lowest moving average of recent call latencies (untried deployments first).</summary>
    public const string LeastLatency = "least-latency";

    /// <summary>The fewest calls in flight from this process.</summary>
    public const string LeastBusy = "least-busy";

    /// <summary>The lowest input plus output price.</summary>
    public const string LeastCost = "least-cost";

    /// <summary>The most tokens-per-minute headroom left, from the usage observed this minute.</summary>
    public const string UsageBased = "usage-based";

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> All { get; } = [Weighted, LeastLatency, LeastBusy, LeastCost, UsageBased];
}

/// <summary>Request tags the router reads (besides cost attribution).</summary>
public static class RoutingTags
{
    /// <summary>Comma-separated tags a deployment must all carry (its <c>Tags</c> or <c>Region</c>), e.g. <c>eu,premium</c>.</summary>
    public const string RouteTags = "route_tags";

    /// <summary>Name of the one deployment to call (no failover).</summary>
    public const string Deployment = "route_deployment";
}
