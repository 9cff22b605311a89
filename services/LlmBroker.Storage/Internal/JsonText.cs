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

    /// <summary>
    /// The tags as a JSON object; with <paramref name="jsonbOrder"/> its keys come in jsonb's order
    /// (as stored), so the audit digest renders it in one pass, and of two keys that clean to the
    /// same text the later one is kept, as jsonb keeps it. The order makes no difference to jsonb.
    /// </summary>
    public string Tags(MapField<string, string> tags, bool jsonbOrder = false)
    {
        if (tags.Count == 0)
        {
            return "{}";
        }

        if (!jsonbOrder)
        {
            Begin();
            _writer.WriteStartObject();
            foreach (var (key, value) in tags)
            {
                _writer.WriteString(PgText.Clean(key), PgText.Clean(value));
            }

            _writer.WriteEndObject();
            return End();
        }

        var cleaned = new Dictionary<string, string>(tags.Count, StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            cleaned[PgText.Clean(key)] = PgText.Clean(value);
        }

        var keys = cleaned.Keys.ToArray();
        Array.Sort(keys, JsonbKeyComparer.Instance);
        Begin();
        _writer.WriteStartObject();
        foreach (var key in keys)
        {
            _writer.WriteString(key, cleaned[key]);
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
            // Keys in jsonb's order: name, role, content.
            _writer.WriteStartObject();
            if (message.Name.Length > 0)
            {
                _writer.WriteString("name", PgText.Clean(message.Name));
            }

            _writer.WriteString("role", OutcomeFields.Role(message.Role));
            _writer.WriteString("content", PgText.Clean(message.Content));

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
            // Keys in jsonb's order (shorter first, then bytewise).
            _writer.WriteStartObject();
            _writer.WriteString("provider", PgText.Clean(attempt.Provider));
            _writer.WriteString("deployment", PgText.Clean(attempt.Deployment));
            _writer.WriteNumber("latency_ms", attempt.LatencyMs);
            if (OutcomeFields.Utc(attempt.StartedAt) is { } startedAt)
            {
                _writer.WriteString("started_at", startedAt);
            }

            if (attempt.ErrorClass.Length > 0)
            {
                _writer.WriteString("error_class", PgText.Clean(attempt.ErrorClass));
            }

            _writer.WriteNumber("status_code", attempt.StatusCode);

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
        foreach (var (stage, timestamp) in OutcomeFields.StagesInJsonbOrder(times))
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

/// <summary>jsonb's object key order: shorter UTF-8 first, then bytewise.</summary>
internal sealed class JsonbKeyComparer : IComparer<string>
{
    public static readonly JsonbKeyComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        x ??= "";
        y ??= "";

        // ASCII: UTF-8 length and bytes are the chars' count and ordinal order.
        return Ascii.IsValid(x) && Ascii.IsValid(y)
            ? x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y)
            : AuditCanonical.JsonbKeyOrder(Encoding.UTF8.GetBytes(x), Encoding.UTF8.GetBytes(y));
    }
}
