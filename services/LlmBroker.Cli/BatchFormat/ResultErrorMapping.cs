using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.BatchFormat;

/// <summary>
/// How a failed <see cref="Result"/> appears in an OpenAI batch output file. Requests that were
/// answered with an error get a response with an HTTP status and an OpenAI error body; requests that
/// never ran before their deadline get no response and the <c>batch_expired</c> error, as OpenAI
/// reports requests left when a batch's completion window ends.
/// </summary>
internal static class ResultErrorMapping
{
    /// <summary>The code OpenAI uses for requests not run before the batch expired.</summary>
    public const string BatchExpired = "batch_expired";

    /// <summary>True when the result is written as <c>"response": null</c> with a top-level error.</summary>
    public static bool IsExpired(Result result) => result.Status == ResultStatus.Expired;

    /// <summary>The HTTP status code and OpenAI error type of an answered failure.</summary>
    public static (int StatusCode, string Type) HttpError(Result result) => result.Status switch
    {
        ResultStatus.Rejected when result.Error?.Code == "model_not_found" => (404, "invalid_request_error"),
        ResultStatus.Rejected => (400, "invalid_request_error"),
        ResultStatus.RateLimited => (429, "rate_limit_error"),
        ResultStatus.FailedValidation => (422, "validation_error"),
        ResultStatus.Failed => ProviderError(result),
        _ => (500, "server_error"),
    };

    /// <summary>The status of the provider's last answer when it was an HTTP error, else 502 (bad gateway).</summary>
    private static (int StatusCode, string Type) ProviderError(Result result)
    {
        var last = result.Attempts.Count > 0 ? result.Attempts[^1].StatusCode : 0;
        return last switch
        {
            >= 400 and < 500 => (last, "invalid_request_error"),
            >= 500 and < 600 => (last, "server_error"),
            _ => (502, "server_error"),
        };
    }

    /// <summary>The error code: the broker's own when it has one.</summary>
    public static string Code(Result result) => result.Error is { Code.Length: > 0 } error
        ? error.Code
        : result.Status switch
        {
            ResultStatus.RateLimited => "rate_limit_exceeded",
            ResultStatus.FailedValidation => "validation_failed",
            ResultStatus.Rejected => "invalid_request",
            _ => "server_error",
        };

    public static string Message(Result result) =>
        result.Error is { Message.Length: > 0 } error ? error.Message : $"request ended with status {result.Status}";
}
