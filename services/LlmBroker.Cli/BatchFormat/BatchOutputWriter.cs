using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.BatchFormat;

/// <summary>
/// Writes results in the OpenAI Batch API output format, one JSON object per line:
/// <c>{"id":"batch_req_…","custom_id":…,"response":{"status_code":…,"request_id":…,"body":…},"error":null}</c>
/// for answered requests (a chat.completion body, or an OpenAI error body for a non-200 status), and
/// <c>"response":null,"error":{"code":…,"message":…}</c> for requests that never ran.
/// </summary>
internal sealed class BatchOutputWriter(TextWriter writer, TimeProvider time)
{
    private static readonly JsonWriterOptions s_options = new()
    {
        // Keep non-ASCII text readable; the file is UTF-8 and never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    /// <summary>Writes the line of a request that has its result.</summary>
    public void WriteResult(string customId, Result result)
    {
        WriteLine(json =>
        {
            WriteHeader(json, customId, result.RequestId);
            if (ResultErrorMapping.IsExpired(result))
            {
                json.WriteNull("response");
                WriteLineError(json, ResultErrorMapping.BatchExpired, ResultErrorMapping.Message(result));
                return;
            }

            json.WriteStartObject("response");
            if (result.Status == ResultStatus.Ok)
            {
                json.WriteNumber("status_code", 200);
                json.WriteString("request_id", result.RequestId);
                json.WritePropertyName("body");
                WriteCompletion(json, result);
            }
            else
            {
                var (statusCode, type) = ResultErrorMapping.HttpError(result);
                json.WriteNumber("status_code", statusCode);
                json.WriteString("request_id", result.RequestId);
                json.WriteStartObject("body");
                json.WriteStartObject("error");
                json.WriteString("message", ResultErrorMapping.Message(result));
                json.WriteString("type", type);
                json.WriteNull("param");
                json.WriteString("code", ResultErrorMapping.Code(result));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteNull("error");
        });
    }

    /// <summary>Writes the line of a request whose result never arrived.</summary>
    public void WriteMissing(string customId, string requestId, string message)
    {
        WriteLine(json =>
        {
            WriteHeader(json, customId, requestId);
            json.WriteNull("response");
            WriteLineError(json, ResultErrorMapping.BatchExpired, message);
        });
    }

    private void WriteLine(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, s_options))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        writer.Write('\n');
    }

    private static void WriteHeader(Utf8JsonWriter json, string customId, string requestId)
    {
        json.WriteString("id", "batch_req_" + requestId);
        json.WriteString("custom_id", customId);
    }

    private static void WriteLineError(Utf8JsonWriter json, string code, string message)
    {
        json.WriteStartObject("error");
        json.WriteString("code", code);
        json.WriteString("message", message);
        json.WriteEndObject();
    }

    private void WriteCompletion(Utf8JsonWriter json, Result result)
    {
        json.WriteStartObject();
        json.WriteString("id", "chatcmpl-" + result.RequestId);
        json.WriteString("object", "chat.completion");
        json.WriteNumber("created", Created(result).ToUnixTimeSeconds());
        json.WriteString("model", result.ProviderModel.Length > 0 ? result.ProviderModel : result.Model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        json.WriteString("content", result.Output);
        json.WriteNull("refusal");
        json.WriteEndObject();
        json.WriteNull("logprobs");
        json.WriteString("finish_reason", result.FinishReason.Length > 0 ? result.FinishReason : "stop");
        json.WriteEndObject();
        json.WriteEndArray();

        var usage = result.Usage ?? new Usage();
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", usage.InputTokens);
        json.WriteNumber("completion_tokens", usage.OutputTokens);
        json.WriteNumber("total_tokens", (long)usage.InputTokens + usage.OutputTokens);
        json.WriteStartObject("prompt_tokens_details");
        json.WriteNumber("cached_tokens", usage.CachedInputTokens);
        json.WriteEndObject();
        json.WriteStartObject("completion_tokens_details");
        json.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>When the answer was complete: validation time, else the provider's completion, else now.</summary>
    private DateTimeOffset Created(Result result) =>
        (result.Times?.ValidatedAt ?? result.Times?.ProviderCompletedAt)?.ToDateTimeOffset() ?? time.GetUtcNow();
}
