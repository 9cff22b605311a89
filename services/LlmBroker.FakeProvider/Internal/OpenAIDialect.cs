using System.Text.Json;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>OpenAI chat completions, also served on the Azure OpenAI deployment path.</summary>
internal sealed class OpenAIDialect : IProviderDialect
{
    public static readonly OpenAIDialect Instance = new();

    public string IdPrefix => "chatcmpl-fake";

    public void WriteCompletion(Utf8JsonWriter json, ChatRequest request, Completion completion)
    {
        json.WriteStartObject();
        WriteHeader(json, completion, "chat.completion");
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("message"u8);
        json.WriteString("role"u8, "assistant"u8);
        json.WriteString("content"u8, completion.Text);
        json.WriteNull("refusal"u8);
        json.WriteStartArray("annotations"u8);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, "stop"u8);
        json.WriteEndObject();
        json.WriteEndArray();
        WriteUsage(json, completion);
        json.WriteString("service_tier"u8, "default"u8);
        json.WriteEndObject();
    }

    public void WriteStream(SseBuffer sse, ChatRequest request, Completion completion)
    {
        WriteChunk(sse, request, completion, role: true, content: "", finishReason: null);
        foreach (var piece in completion.Pieces())
        {
            WriteChunk(sse, request, completion, role: false, content: piece, finishReason: null);
        }

        WriteChunk(sse, request, completion, role: false, content: null, finishReason: "stop");
        if (request.IncludeUsage)
        {
            var json = sse.BeginEvent(default);
            json.WriteStartObject();
            WriteHeader(json, completion, "chat.completion.chunk");
            json.WriteStartArray("choices"u8);
            json.WriteEndArray();
            WriteUsage(json, completion);
            json.WriteEndObject();
            sse.EndEvent();
        }

        sse.WriteRawEvent("[DONE]"u8);
    }

    public void WriteError(Utf8JsonWriter json, ProviderError error, int promptTokens)
    {
        var (type, code, message) = error switch
        {
            ProviderError.Unauthorized => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
            ProviderError.RateLimited => ("requests", "rate_limit_exceeded", "Rate limit reached for requests (fake provider)."),
            ProviderError.ServerError => ("server_error", null, "The server had an error while processing your request (fake provider)."),
            ProviderError.ServiceUnavailable => ("server_error", null, "The server is overloaded or not ready yet (fake provider)."),
            ProviderError.ContextLengthExceeded => ("invalid_request_error", "context_length_exceeded",
                $"This model's maximum context length is 128000 tokens. However, your messages resulted in {promptTokens} tokens. Please reduce the length of the messages."),
            ProviderError.ContentFiltered => ("invalid_request_error", "content_filter",
                "The response was filtered due to the prompt triggering the content management policy (fake provider)."),
            _ => ("invalid_request_error", null, "We could not parse the JSON body of your request."),
        };

        json.WriteStartObject();
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, message);
        json.WriteString("type"u8, type);
        if (error == ProviderError.ContextLengthExceeded)
        {
            json.WriteString("param"u8, "messages"u8);
        }
        else
        {
            json.WriteNull("param"u8);
        }

        json.WriteString("code"u8, code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteChunk(SseBuffer sse, ChatRequest request, Completion completion, bool role, string? content, string? finishReason)
    {
        var json = sse.BeginEvent(default);
        json.WriteStartObject();
        WriteHeader(json, completion, "chat.completion.chunk");
        json.WriteStartArray("choices"u8);
        json.WriteStartObject();
        json.WriteNumber("index"u8, 0);
        json.WriteStartObject("delta"u8);
        if (role)
        {
            json.WriteString("role"u8, "assistant"u8);
        }

        if (content is not null)
        {
            json.WriteString("content"u8, content);
        }

        json.WriteEndObject();
        json.WriteNull("logprobs"u8);
        json.WriteString("finish_reason"u8, finishReason);
        json.WriteEndObject();
        json.WriteEndArray();
        if (request.IncludeUsage)
        {
            json.WriteNull("usage"u8);
        }

        json.WriteEndObject();
        sse.EndEvent();
    }

    private static void WriteHeader(Utf8JsonWriter json, Completion completion, string objectType)
    {
        json.WriteString("id"u8, completion.Id);
        json.WriteString("object"u8, objectType);
        json.WriteNumber("created"u8, completion.Created);
        json.WriteString("model"u8, completion.Model);
        json.WriteString("system_fingerprint"u8, "fp_fake"u8);
    }

    private static void WriteUsage(Utf8JsonWriter json, Completion completion)
    {
        json.WriteStartObject("usage"u8);
        json.WriteNumber("prompt_tokens"u8, completion.PromptTokens);
        json.WriteNumber("completion_tokens"u8, completion.CompletionTokens);
        json.WriteNumber("total_tokens"u8, completion.TotalTokens);
        json.WriteStartObject("prompt_tokens_details"u8);
        json.WriteNumber("cached_tokens"u8, completion.CachedTokens);
        json.WriteNumber("audio_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details"u8);
        json.WriteNumber("reasoning_tokens"u8, 0);
        json.WriteNumber("audio_tokens"u8, 0);
        json.WriteNumber("accepted_prediction_tokens"u8, 0);
        json.WriteNumber("rejected_prediction_tokens"u8, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
