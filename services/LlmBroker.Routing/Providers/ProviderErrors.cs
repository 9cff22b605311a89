using System.ClientModel;
using System.Text.Json;
using Anthropic.Exceptions;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LlmBroker.Routing.Providers;

/// <summary>Names the kind of a provider failure and says whether another attempt may succeed.</summary>
internal static class ProviderErrors
{
    public const string RateLimited = "rate_limited";
    public const string ServerError = "server_error";
    public const string Timeout = "timeout";
    public const string Connection = "connection";
    public const string Malformed = "malformed";
    public const string ContextLength = "context_length";
    public const string ContentPolicy = "content_policy";
    public const string ClientError = "client_error";
    public const string Unauthorized = "unauthorized";
    public const string CircuitOpen = "circuit_open";

    /// <summary>The error class, HTTP status (0 without a response) and whether the same deployment may be retried.</summary>
    public static (string ErrorClass, int StatusCode, bool Retryable) Classify(Exception exception) => exception switch
    {
        BrokenCircuitException or IsolatedCircuitException => (CircuitOpen, 0, false),
        ClientResultException { Status: 429 } => (RateLimited, 429, true),
        ClientResultException { Status: 408 } e => (Timeout, e.Status, true),
        ClientResultException { Status: >= 500 } e => (ServerError, e.Status, true),
        ClientResultException { Status: 401 or 403 } e => (Unauthorized, e.Status, false),
        ClientResultException { Status: 400 } e when IsContextLength(e.Message) => (ContextLength, 400, false),
        ClientResultException { Status: 400 } e when IsContentPolicy(e.Message) => (ContentPolicy, 400, false),
        ClientResultException { Status: 0 } => (Connection, 0, true),
        ClientResultException e => (ClientError, e.Status, false),
        AnthropicApiException e => ClassifyAnthropic(e),
        AnthropicIOException => (Connection, 0, true),
        AnthropicSseException or AnthropicInvalidDataException => (Malformed, 0, true),
        TimeoutRejectedException => (Timeout, 0, true),
        HttpRequestException => (Connection, 0, true),
        IOException => (Connection, 0, true),
        JsonException or FormatException or InvalidOperationException => (Malformed, 0, true),
        _ => (ServerError, 0, true),
    };

    /// <summary>Whether another deployment (or alias) should be tried after this failure.</summary>
    public static bool TriggersFailover(string errorClass) => errorClass is
        RateLimited or ServerError or Timeout or Connection or Malformed or CircuitOpen or Unauthorized;

    /// <summary>Whether the failure says the deployment is unhealthy (counts towards its circuit breaker).</summary>
    public static bool CountsAgainstHealth(Exception exception) =>
        exception is not OperationCanceledException
        && Classify(exception).ErrorClass is RateLimited or ServerError or Timeout or Connection or Malformed;

    private static (string, int, bool) ClassifyAnthropic(AnthropicApiException e)
    {
        var status = (int)e.StatusCode;
        var message = e.ApiMessage ?? e.ResponseBody ?? "";
        return status switch
        {
            429 => (RateLimited, status, true),
            408 => (Timeout, status, true),
            >= 500 => (ServerError, status, true),
            401 or 403 => (Unauthorized, status, false),
            400 or 413 when IsContextLength(message) || message.Contains("too long", StringComparison.OrdinalIgnoreCase) => (ContextLength, status, false),
            400 when IsContentPolicy(message) => (ContentPolicy, status, false),
            _ => (ClientError, status, false),
        };
    }

    private static bool IsContextLength(string message) =>
        message.Contains("context_length", StringComparison.OrdinalIgnoreCase)
        || message.Contains("maximum context length", StringComparison.OrdinalIgnoreCase)
        || message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase);

    private static bool IsContentPolicy(string message) =>
        message.Contains("content_filter", StringComparison.OrdinalIgnoreCase)
        || message.Contains("content_policy", StringComparison.OrdinalIgnoreCase)
        || message.Contains("content management policy", StringComparison.OrdinalIgnoreCase);
}
