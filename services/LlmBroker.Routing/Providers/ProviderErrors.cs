using System.ClientModel;
using System.Text.Json;
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
    public const string ClientError = "client_error";
    public const string Unauthorized = "unauthorized";

    public static (string ErrorClass, int StatusCode, bool Retryable) Classify(Exception exception) => exception switch
    {
        ClientResultException { Status: 429 } => (RateLimited, 429, true),
        ClientResultException { Status: 408 } e => (Timeout, e.Status, true),
        ClientResultException { Status: >= 500 } e => (ServerError, e.Status, true),
        ClientResultException { Status: 401 or 403 } e => (Unauthorized, e.Status, false),
        ClientResultException { Status: 400 } e when e.Message.Contains("context_length", StringComparison.OrdinalIgnoreCase) => (ContextLength, 400, false),
        ClientResultException { Status: 0 } => (Connection, 0, true),
        ClientResultException e => (ClientError, e.Status, false),
        TimeoutRejectedException => (Timeout, 0, true),
        HttpRequestException => (Connection, 0, true),
        IOException => (Connection, 0, true),
        JsonException or FormatException or InvalidOperationException => (Malformed, 0, true),
        _ => (ServerError, 0, true),
    };

    /// <summary>The Retry-After delay a provider asked for, when it did.</summary>
    public static TimeSpan? RetryAfter(Exception exception, DateTimeOffset now)
    {
        if (exception is ClientResultException e && e.GetRawResponse() is { } response
            && response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(0, seconds));
            }

            if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                var delay = at - now;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }
}
