using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Collections;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Storage.Internal;

/// <summary>
/// Renders outcome parts as JSON text for jsonb columns, with snake_case names matching the SQL
/// columns. One instance per batch (reuses its buffer); not thread-safe.
/// </summary>
internal sealed class JsonText
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Stored in jsonb, never embedded in HTML: keep non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public JsonText() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    public string Tags(MapField<string, string> tags)
    {
        if (tags.Count == 0)
        {
            return "{}";
        }

        Begin();
        _writer.WriteStartObject();
        foreach (var (key, value) in tags)
        {
            _writer.WriteString(PgText.Clean(key), PgText.Clean(value));
        }

        _writer.WriteEndObject();
        return End();
    }

    public string Messages(RepeatedField<ChatMessage> messages)
    {
        if (messages.Count == 0)
        {
            return "[]";
        }

        Begin();
        _writer.WriteStartArray();
        foreach (var message in messages)
        {
            _writer.WriteStartObject();
            _writer.WriteString("role", OutcomeFields.Role(message.Role));
            _writer.WriteString("content", PgText.Clean(message.Content));
            if (message.Name.Length > 0)
            {
                _writer.WriteString("name", PgText.Clean(message.Name));
            }

            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        return End();
    }

    public string Attempts(RepeatedField<Attempt> attempts)
    {
        if (attempts.Count == 0)
        {
            return "[]";
        }

        Begin();
        _writer.WriteStartArray();
        foreach (var attempt in attempts)
        {
            _writer.WriteStartObject();
            _writer.WriteString("deployment", PgText.Clean(attempt.Deployment));
            _writer.WriteString("provider", PgText.Clean(attempt.Provider));
            _writer.WriteNumber("status_code", attempt.StatusCode);
            if (attempt.ErrorClass.Length > 0)
            {
                _writer.WriteString("error_class", PgText.Clean(attempt.ErrorClass));
            }

            _writer.WriteNumber("latency_ms", attempt.LatencyMs);
            if (OutcomeFields.Utc(attempt.StartedAt) is { } startedAt)
            {
                _writer.WriteString("started_at", startedAt);
            }

            _writer.WriteEndObject();
        }

        _writer.WriteEndArray();
        return End();
    }

    public string StageTimes(StageTimes? times)
    {
        if (times is null)
        {
            return "{}";
        }

        Begin();
        _writer.WriteStartObject();
        foreach (var (stage, timestamp) in OutcomeFields.Stages(times))
        {
            if (OutcomeFields.Utc(timestamp) is { } value)
            {
                _writer.WriteString(stage, value);
            }
        }

        _writer.WriteEndObject();
        return End();
    }

    private void Begin()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    private string End()
    {
        _writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }
}
