using System.Text.Json;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>Anthropic messages API.</summary>
internal sealed class AnthropicDialect : IProviderDialect
{
    public static readonly AnthropicDialect Instance = new();

    public string IdPrefix => "msg_fake";

    public void WriteCompletion(Utf8JsonWriter json, ChatRequest request, Completion completion)
    {
        json.WriteStartObject();
        WriteMessageHeader(json, completion);
        json.WriteStartArray("content"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, completion.Text);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("stop_reason"u8, "end_turn"u8);
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json, completion, completion.CompletionTokens);
        json.WriteEndObject();
    }

    public void WriteStream(SseBuffer sse, ChatRequest request, Completion completion)
    {
        var json = sse.BeginEvent("message_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_start"u8);
        json.WriteStartObject("message"u8);
        WriteMessageHeader(json, completion);
        json.WriteStartArray("content"u8);
        json.WriteEndArray();
        json.WriteNull("stop_reason"u8);
        json.WriteNull("stop_sequence"u8);
        WriteUsage(json, completion, outputTokens: 1);
        json.WriteEndObject();
        json.WriteEndObject();
        sse.EndEvent();

        json = sse.BeginEvent("content_block_start"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_start"u8);
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("content_block"u8);
        json.WriteString("type"u8, "text"u8);
        json.WriteString("text"u8, ""u8);
        json.WriteEndObject();
        json.WriteEndObject();
        sse.EndEvent();

        json = sse.BeginEvent("ping"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "ping"u8);
        json.WriteEndObject();
        sse.EndEvent();

        foreach (var piece in completion.Pieces())
        {
            json = sse.BeginEvent("content_block_delta"u8);
            json.WriteStartObject();
            json.WriteString("type"u8, "content_block_delta"u8);
            json.WriteNumber("index"u8, 0);
            json.WriteStartObject("delta"u8);
            json.WriteString("type"u8, "text_delta"u8);
            json.WriteString("text"u8, piece);
            json.WriteEndObject();
            json.WriteEndObject();
            sse.EndEvent();
        }

        json = sse.BeginEvent("content_block_stop"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "content_block_stop"u8);
        json.WriteNumber("index"u8, 0);
        json.WriteEndObject();
        sse.EndEvent();

        json = sse.BeginEvent("message_delta"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_delta"u8);
        json.WriteStartObject("delta"u8);
        json.WriteString("stop_reason"u8, "end_turn"u8);
        json.WriteNull("stop_sequence"u8);
        json.WriteEndObject();
        json.WriteStartObject("usage"u8);
        json.WriteNumber("output_tokens"u8, completion.CompletionTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        sse.EndEvent();

        json = sse.BeginEvent("message_stop"u8);
        json.WriteStartObject();
        json.WriteString("type"u8, "message_stop"u8);
        json.WriteEndObject();
        sse.EndEvent();
    }

    public void WriteError(Utf8JsonWriter json, ProviderError error, int promptTokens)
    {
        var (type, message) = error switch
        {
            ProviderError.Unauthorized => ("authentication_error", "invalid x-api-key"),
            ProviderError.RateLimited => ("rate_limit_error", "Number of requests has exceeded your rate limit (fake provider)."),
            ProviderError.ServerError => ("api_error", "Internal server error (fake provider)."),
            ProviderError.ServiceUnavailable => ("overloaded_error", "Overloaded (fake provider)."),
            ProviderError.ContextLengthExceeded => ("invalid_request_error", $"prompt is too long: {promptTokens} tokens > 200000 maximum"),
            ProviderError.ContentFiltered => ("invalid_request_error", "Output blocked by content_policy (fake provider)."),
            _ => ("invalid_request_error", "The request body is not valid JSON."),
        };

        json.WriteStartObject();
        json.WriteString("type"u8, "error"u8);
        json.WriteStartObject("error"u8);
        json.WriteString("type"u8, type);
        json.WriteString("message"u8, message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMessageHeader(Utf8JsonWriter json, Completion completion)
    {
        json.WriteString("id"u8, completion.Id);
        json.WriteString("type"u8, "message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("model"u8, completion.Model);
    }

    /// <summary>Anthropic's input_tokens exclude the tokens read from or written to the prompt cache.</summary>
    private static void WriteUsage(Utf8JsonWriter json, Completion completion, int outputTokens)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("input_tokens"u8, completion.PromptTokens - completion.CachedTokens - completion.CacheWriteTokens);
        json.WriteNumber("cache_creation_input_tokens"u8, completion.CacheWriteTokens);
        json.WriteNumber("cache_read_input_tokens"u8, completion.CachedTokens);
        json.WriteNumber("output_tokens"u8, outputTokens);
        json.WriteString("service_tier"u8, "standard"u8);
        json.WriteEndObject();
    }
}
