using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmBroker.Storage.Internal;

/// <summary>
/// The content digest of an audit row computed in the client, byte for byte what
/// <c>audit_log_digest</c> (migration 0006) computes in PostgreSQL from the stored values: SHA-256
/// of the UTF-8 text of PostgreSQL's jsonb rendering of one array. That rendering is reproduced
/// here: ", " and ": " separators, object keys sorted shorter first then bytewise (a repeated key
/// keeps its last value), strings escaped as PostgreSQL's escape_json does (\" \\ \b \f \n \r \t,
/// other control characters as lowercase \u00xx, everything else verbatim), numeric with its stored
/// scale, times as UTC text with microseconds. The verifier still recomputes every digest in
/// PostgreSQL, so a divergence could never pass unnoticed. One instance per batch; not thread-safe.
/// </summary>
internal sealed class AuditCanonical
{
    private static readonly byte[] Tag = "[\"llmbroker.audit.v1\""u8.ToArray();
    private static readonly byte[] Separator = ", "u8.ToArray();
    private static readonly byte[] Null = "null"u8.ToArray();
    private static readonly byte[] True = "true"u8.ToArray();
    private static readonly byte[] False = "false"u8.ToArray();
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    private const int MaxDepth = 16;
    private const int KeyBytes = 256;

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly byte[] _keys = new byte[(MaxDepth + 1) * KeyBytes];

    /// <summary>
    /// The canonical text of <paramref name="row"/> up to and including stage_times: everything
    /// known before the row's transaction (which gives recorded_at) begins.
    /// </summary>
    public byte[] Prefix(AuditRow row)
    {
        _buffer.ResetWrittenCount();
        RenderPrefix(row);
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>The content digest of <paramref name="row"/> (from its <see cref="AuditRow.CanonicalPrefix"/> when rendered already).</summary>
    public byte[] Digest(AuditRow row)
    {
        _buffer.ResetWrittenCount();
        if (row.CanonicalPrefix is { } prefix)
        {
            Append(prefix);
        }
        else
        {
            RenderPrefix(row);
        }

        Time(row.OccurredAt);
        Time(row.RecordedAt);
        Append(Separator);
        if (row.SourceOffset is { } offset)
        {
            Ascii(offset.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            Append(Null);
        }

        Append("]"u8);
        return SHA256.HashData(_buffer.WrittenSpan);
    }

    private void RenderPrefix(AuditRow row)
    {
        Append(Tag);
        Text(row.RequestId);
        Text(row.Event);
        Text(row.Tenant);
        Text(row.App);
        Text(row.KeyId);
        Text(row.Model);
        Text(row.Lane);
        Text(row.Provider);
        Text(row.Deployment);
        Text(row.ProviderModel);
        Text(row.TemplateId);
        Text(row.TemplateVersion);
        Text(row.BatchId);
        Text(row.CustomId);
        Text(row.ErrorCode);
        Text(row.ErrorMessage);
        Text(row.FinishReason);
        Jsonb(row.RedactedMessages);
        Text(row.RedactedOutput);
        Jsonb(row.Attempts);
        TextArray(row.ChecksRun);
        TextArray(row.ChecksFailed);
        Jsonb(row.Tags);
        Number(row.InputTokens);
        Number(row.OutputTokens);
        Number(row.CachedInputTokens);
        Cost(row.CostNanoUsd);
        Append(Separator);
        Append(row.CacheHit ? True : False);
        Text(row.PriceVersion);
        Jsonb(row.StageTimes);
    }

    /// <summary>
    /// A time as PostgreSQL stores it (microseconds; Npgsql would truncate the 100 ns ticks toward
    /// 2000-01-01, so they are cut here first and stored exactly).
    /// </summary>
    public static DateTime Microseconds(DateTime value) =>
        new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);

    private void Text(string? value)
    {
        Append(Separator);
        if (value is null)
        {
            Append(Null);
        }
        else
        {
            String(value);
        }
    }

    private void TextArray(string[] values)
    {
        Append(Separator);
        Append("["u8);
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                Append(Separator);
            }

            String(values[i]);
        }

        Append("]"u8);
    }

    private void Number(long value)
    {
        Append(Separator);
        Ascii(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>numeric(20,9): the sign, the dollars and always nine decimals.</summary>
    private void Cost(long nanoUsd)
    {
        Append(Separator);
        var magnitude = nanoUsd < 0 ? (ulong)(-(nanoUsd + 1)) + 1 : (ulong)nanoUsd;
        var text = string.Create(CultureInfo.InvariantCulture, $"{(nanoUsd < 0 ? "-" : "")}{magnitude / 1_000_000_000}.{magnitude % 1_000_000_000:D9}");
        Ascii(text);
    }

    /// <summary>to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'); -infinity (DateTime.MinValue through Npgsql) has no text.</summary>
    private void Time(DateTime value)
    {
        Append(Separator);
        if (value == DateTime.MinValue || value == DateTime.MaxValue)
        {
            Append(Null);
            return;
        }

        var span = _buffer.GetSpan(29);
        span[0] = (byte)'"';
        Digits(span.Slice(1, 4), value.Year);
        span[5] = (byte)'-';
        Digits(span.Slice(6, 2), value.Month);
        span[8] = (byte)'-';
        Digits(span.Slice(9, 2), value.Day);
        span[11] = (byte)'T';
        Digits(span.Slice(12, 2), value.Hour);
        span[14] = (byte)':';
        Digits(span.Slice(15, 2), value.Minute);
        span[17] = (byte)':';
        Digits(span.Slice(18, 2), value.Second);
        span[20] = (byte)'.';
        Digits(span.Slice(21, 6), (int)(value.Ticks % TimeSpan.TicksPerSecond / 10));
        span[27] = (byte)'Z';
        span[28] = (byte)'"';
        _buffer.Advance(29);
    }

    private static void Digits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private void Jsonb(string json)
    {
        Append(Separator);
        var mark = _buffer.WrittenCount;
        var length = Encoding.UTF8.GetByteCount(json);
        var utf8 = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(json, utf8);
            if (TryStream(utf8.AsSpan(0, length)))
            {
                return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }

        // Keys out of jsonb order, repeated or very long: rebuild the whole value (slower, rare).
        var kept = _buffer.WrittenSpan[..mark].ToArray();
        _buffer.ResetWrittenCount();
        Append(kept);
        using var document = JsonDocument.Parse(json);
        Value(document.RootElement);
    }

    /// <summary>
    /// Renders JSON whose object keys already come in jsonb order (the writer emits them so) in one
    /// pass; false when a key is out of order, repeated or longer than the key buffer.
    /// </summary>
    private bool TryStream(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        Span<bool> first = stackalloc bool[MaxDepth + 1];
        Span<int> lastKeyLength = stackalloc int[MaxDepth + 1];
        Span<byte> scratch = stackalloc byte[KeyBytes];
        var depth = 0;
        var afterName = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    BeforeValue(first, depth, ref afterName);
                    Append(reader.TokenType == JsonTokenType.StartObject ? "{"u8 : "["u8);
                    depth++;
                    first[depth] = true;
                    lastKeyLength[depth] = -1;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    Append(reader.TokenType == JsonTokenType.EndObject ? "}"u8 : "]"u8);
                    break;
                case JsonTokenType.PropertyName:
                {
                    if (reader.HasValueSequence || reader.ValueSpan.Length > KeyBytes)
                    {
                        return false;
                    }

                    var key = scratch[..reader.CopyString(scratch)];
                    var previous = _keys.AsSpan(depth * KeyBytes, KeyBytes);
                    if (lastKeyLength[depth] >= 0 && JsonbKeyOrder(previous[..lastKeyLength[depth]], key) >= 0)
                    {
                        return false;
                    }

                    key.CopyTo(previous);
                    lastKeyLength[depth] = key.Length;
                    if (!first[depth])
                    {
                        Append(Separator);
                    }

                    first[depth] = false;
                    Escaped(key);
                    Append(": "u8);
                    afterName = true;
                    break;
                }

                case JsonTokenType.String:
                    BeforeValue(first, depth, ref afterName);
                    if (reader.ValueIsEscaped)
                    {
                        String(reader.GetString()!);
                    }
                    else
                    {
                        Escaped(reader.ValueSpan);
                    }

                    break;
                case JsonTokenType.Number:
                    BeforeValue(first, depth, ref afterName);
                    if (!IsPlainInteger(reader.ValueSpan))
                    {
                        throw new NotSupportedException($"audit JSON number '{Encoding.UTF8.GetString(reader.ValueSpan)}' has no canonical form here");
                    }

                    Append(reader.ValueSpan);
                    break;
                case JsonTokenType.True:
                    BeforeValue(first, depth, ref afterName);
                    Append(True);
                    break;
                case JsonTokenType.False:
                    BeforeValue(first, depth, ref afterName);
                    Append(False);
                    break;
                default:
                    BeforeValue(first, depth, ref afterName);
                    Append(Null);
                    break;
            }
        }

        return true;
    }

    private void BeforeValue(Span<bool> first, int depth, ref bool afterName)
    {
        if (afterName)
        {
            afterName = false;
        }
        else if (depth > 0)
        {
            if (!first[depth])
            {
                Append(Separator);
            }

            first[depth] = false;
        }
    }

    /// <summary>jsonb's key order: shorter first, then bytewise.</summary>
    internal static int JsonbKeyOrder(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);

    private void Value(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                Object(element);
                break;
            case JsonValueKind.Array:
                Append("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        Append(Separator);
                    }

                    first = false;
                    Value(item);
                }

                Append("]"u8);
                break;
            case JsonValueKind.String:
                String(element.GetString()!);
                break;
            case JsonValueKind.Number:
                // The writer's JSON holds integers only; any other number text would be re-rendered
                // by numeric output, which is not reproduced here.
                var raw = element.GetRawText();
                if (!IsPlainInteger(Encoding.UTF8.GetBytes(raw)))
                {
                    throw new NotSupportedException($"audit JSON number '{raw}' has no canonical form here");
                }

                Ascii(raw);
                break;
            case JsonValueKind.True:
                Append(True);
                break;
            case JsonValueKind.False:
                Append(False);
                break;
            default:
                Append(Null);
                break;
        }
    }

    private void Object(JsonElement element)
    {
        // jsonb keeps the last of repeated keys and orders keys shorter first, then bytewise.
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            members[property.Name] = property.Value;
        }

        var keys = members.Keys.Select(k => (Name: k, Bytes: Encoding.UTF8.GetBytes(k))).ToList();
        keys.Sort(static (a, b) => JsonbKeyOrder(a.Bytes, b.Bytes));
        Append("{"u8);
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0)
            {
                Append(Separator);
            }

            String(keys[i].Name);
            Append(": "u8);
            Value(members[keys[i].Name]);
        }

        Append("}"u8);
    }

    private static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        var negative = raw.Length > 0 && raw[0] == (byte)'-';
        var digits = negative ? raw[1..] : raw;
        return digits.Length > 0
            && !(digits.Length > 1 && digits[0] == (byte)'0')
            && !(negative && digits.Length == 1 && digits[0] == (byte)'0')
            && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
    }

    private void String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var utf8 = ArrayPool<byte>.Shared.Rent(length);
        Encoding.UTF8.GetBytes(value, utf8);
        Escaped(utf8.AsSpan(0, length));
        ArrayPool<byte>.Shared.Return(utf8);
    }

    /// <summary>A JSON string of UTF-8 text, escaped as PostgreSQL's escape_json does.</summary>
    private void Escaped(ReadOnlySpan<byte> bytes)
    {
        var span = _buffer.GetSpan((bytes.Length * 6) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"': span[n++] = (byte)'\\'; span[n++] = (byte)'"'; break;
                case (byte)'\\': span[n++] = (byte)'\\'; span[n++] = (byte)'\\'; break;
                case (byte)'\b': span[n++] = (byte)'\\'; span[n++] = (byte)'b'; break;
                case (byte)'\f': span[n++] = (byte)'\\'; span[n++] = (byte)'f'; break;
                case (byte)'\n': span[n++] = (byte)'\\'; span[n++] = (byte)'n'; break;
                case (byte)'\r': span[n++] = (byte)'\\'; span[n++] = (byte)'r'; break;
                case (byte)'\t': span[n++] = (byte)'\\'; span[n++] = (byte)'t'; break;
                case < 0x20:
                    span[n++] = (byte)'\\';
                    span[n++] = (byte)'u';
                    span[n++] = (byte)'0';
                    span[n++] = (byte)'0';
                    span[n++] = Hex[b >> 4];
                    span[n++] = Hex[b & 0xF];
                    break;
                default: span[n++] = b; break;
            }
        }

        span[n++] = (byte)'"';
        _buffer.Advance(n);
    }

    private void Ascii(string value)
    {
        var span = _buffer.GetSpan(value.Length);
        var n = Encoding.ASCII.GetBytes(value, span);
        _buffer.Advance(n);
    }

    private void Append(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
