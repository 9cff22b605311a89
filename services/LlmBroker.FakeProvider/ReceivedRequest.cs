namespace LlmBroker.FakeProvider;

/// <summary>One request as the fake provider received it. API key values are masked.</summary>
/// <param name="Sequence">Arrival number, from 1, in the server's lifetime (not reset by clearing the log).</param>
/// <param name="Timestamp">When the request arrived.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Query">Query string including the leading <c>?</c>, or empty.</param>
/// <param name="Model">The body's <c>model</c>, else the Azure deployment; <see langword="null"/> when neither.</param>
/// <param name="ApiKeyLast4">Last four characters of the API key (empty for keys shorter than 8); <see langword="null"/> without a key.</param>
/// <param name="Headers">Request headers; <c>Authorization</c>, <c>api-key</c> and <c>x-api-key</c> values masked but for their last four characters.</param>
/// <param name="Body">Request body as UTF-8 text.</param>
public sealed record ReceivedRequest(
    long Sequence,
    DateTimeOffset Timestamp,
    string Method,
    string Path,
    string Query,
    string? Model,
    string? ApiKeyLast4,
    IReadOnlyDictionary<string, string> Headers,
    string Body);
