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

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);

    /// <summary>The content digest of <paramref name="row"/>.</summary>
    public byte[] Digest(AuditRow row)
    {
        _buffer.ResetWrittenCount();
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

        Ascii("\"" + value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture) + "\"");
    }

    private void Jsonb(string json)
    {
        Append(Separator);
        using var document = JsonDocument.Parse(json);
        Value(document.RootElement);
    }

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
                if (!IsPlainInteger(raw))
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
        keys.Sort(static (a, b) => a.Bytes.Length != b.Bytes.Length
            ? a.Bytes.Length.CompareTo(b.Bytes.Length)
            : a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));
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

    private static bool IsPlainInteger(string raw)
    {
        var digits = raw.AsSpan(raw.StartsWith('-') ? 1 : 0);
        return digits.Length > 0
            && !(digits.Length > 1 && digits[0] == '0')
            && !(raw[0] == '-' && digits is "0")
            && digits.IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
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
