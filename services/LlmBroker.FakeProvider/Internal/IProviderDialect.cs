using System.Text.Json;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>Errors the fake answers with, each mapped to the provider's status code and error body.</summary>
internal enum ProviderError
{
    BadRequest,
    Unauthorized,
    RateLimited,
    ServerError,
    ServiceUnavailable,
    ContextLengthExceeded,
    ContentFiltered,
}

/// <summary>One provider's wire format: how answers, streams and errors look.</summary>
internal interface IProviderDialect
{
    /// <summary>Prefix of response ids, e.g. <c>chatcmpl-</c>.</summary>
    string IdPrefix { get; }

    void WriteCompletion(Utf8JsonWriter json, ChatRequest request, Completion completion);

    void WriteStream(SseBuffer sse, ChatRequest request, Completion completion);

    void WriteError(Utf8JsonWriter json, ProviderError error, int promptTokens);
}
