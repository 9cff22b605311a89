using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace LlmBroker.Storage.Internal;

/// <summary>
/// Rows for a <c>COPY ... FROM STDIN (FORMAT BINARY)</c>, encoded here into a buffer and sent
/// through Npgsql's raw binary COPY stream in large writes.
/// </summary>
/// <remarks>
/// NpgsqlBinaryImporter resolves and binds a converter for every value it writes; at 30 columns and
/// tens of thousands of rows a second that was a quarter of a sink's CPU. The sinks write a handful
/// of fixed column types, so they are encoded directly in PostgreSQL's binary format (what the
/// importer sends for the same values: UTF-8 text, jsonb version 1, int64 microseconds since
/// 2000-01-01 with DateTime.MinValue/MaxValue as -infinity/infinity, base-10000 numeric).
/// Disposing without <see cref="CompleteAsync"/> cancels the COPY, so a failed batch stores nothing.
/// </remarks>
internal sealed class PgBinaryCopy : IAsyncDisposable
{
    /// <summary>Buffered bytes sent to the server once reached.</summary>
    private const int FlushAt = 64 * 1024;

    private const int TextOid = 25;
    private const long PostgresEpochTicks = 630_822_816_000_000_000; // 2000-01-01T00:00:00Z
    private const long NanosPerUnit = 1_000_000_000;

    // Strict, as Npgsql's: text that cannot be encoded fails the batch instead of being altered.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>"PGCOPY\n\xff\r\n\0".</summary>
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    private readonly NpgsqlRawCopyStream _stream;
    private byte[] _buffer;
    private int _length;
    private bool _completed;

    private PgBinaryCopy(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(FlushAt * 2);
        Signature.CopyTo(_buffer);
        _length = Signature.Length;
        Int32Raw(0); // flags
        Int32Raw(0); // header extension length
    }

    /// <summary>Starts <paramref name="copyFromStdinBinary"/> on <paramref name="connection"/>.</summary>
    public static async Task<PgBinaryCopy> BeginAsync(NpgsqlConnection connection, string copyFromStdinBinary, CancellationToken cancellationToken) =>
        new(await connection.BeginRawBinaryCopyAsync(copyFromStdinBinary, cancellationToken).ConfigureAwait(false));

    /// <summary>Starts a row of <paramref name="columns"/> values.</summary>
    public void StartRow(short columns)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), columns);
        _length += 2;
    }

    public void Null() => Int32Raw(-1);

    /// <summary>Text as given (already cleaned of U+0000).</summary>
    public void Text(string value)
    {
        Ensure(4 + Utf8.GetMaxByteCount(value.Length));
        var written = Utf8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written);
        _length += 4 + written;
    }

    public void TextOrNull(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            Text(value);
        }
    }

    /// <summary>jsonb: the version byte, then the JSON text.</summary>
    public void Jsonb(string json)
    {
        Ensure(5 + Utf8.GetMaxByteCount(json.Length));
        var written = Utf8.GetBytes(json, _buffer.AsSpan(_length + 5));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), written + 1);
        _buffer[_length + 4] = 1;
        _length += 5 + written;
    }

    /// <summary>A one-dimensional text[] without nulls (an empty array has no dimension).</summary>
    public void TextArray(string[] values)
    {
        var start = _length;
        Int32Raw(0); // length, filled in below
        Int32Raw(values.Length == 0 ? 0 : 1);
        Int32Raw(0); // no nulls
        Int32Raw(TextOid);
        if (values.Length > 0)
        {
            Int32Raw(values.Length);
            Int32Raw(1); // lower bound
            foreach (var value in values)
            {
                Text(value);
            }
        }

        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start), _length - start - 4);
    }

    public void Int32(int value)
    {
        Int32Raw(4);
        Int32Raw(value);
    }

    public void Int64(long value)
    {
        Int32Raw(8);
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    public void Int64OrNull(long? value)
    {
        if (value is { } v)
        {
            Int64(v);
        }
        else
        {
            Null();
        }
    }

    public void Bool(bool value)
    {
        Int32Raw(1);
        Ensure(1);
        _buffer[_length++] = value ? (byte)1 : (byte)0;
    }

    public void Bytea(byte[] value)
    {
        Int32Raw(value.Length);
        Ensure(value.Length);
        value.CopyTo(_buffer, _length);
        _length += value.Length;
    }

    /// <summary>timestamptz from a UTC DateTime (whole microseconds; finer ticks are cut, as Npgsql does).</summary>
    public void TimestampTz(DateTime value)
    {
        if (value == DateTime.MinValue || value == DateTime.MaxValue)
        {
            Int64(value == DateTime.MinValue ? long.MinValue : long.MaxValue);
            return;
        }

        if (value.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("timestamptz needs a UTC DateTime", nameof(value));
        }

        Int64((value.Ticks - PostgresEpochTicks) / 10);
    }

    public void TimestampTzOrNull(DateTime? value)
    {
        if (value is { } v)
        {
            TimestampTz(v);
        }
        else
        {
            Null();
        }
    }

    /// <summary>numeric from billionths (<paramref name="nanos"/> / 10^9, scale 9), as decimal <c>nanos / 1e9m</c> is sent.</summary>
    public void NumericNanos(long nanos)
    {
        // ulong holds |long.MinValue|.
        var magnitude = nanos < 0 ? (ulong)(-(nanos + 1)) + 1 : (ulong)nanos;
        var whole = magnitude / NanosPerUnit;
        var fraction = (magnitude % NanosPerUnit) * 1000; // 12 decimal digits: three base-10000 digits

        Span<short> digits = stackalloc short[8];
        var count = 0;
        Span<short> wholeDigits = stackalloc short[5];
        var wholeCount = 0;
        do
        {
            wholeDigits[wholeCount++] = (short)(whole % 10_000);
            whole /= 10_000;
        }
        while (whole > 0);

        for (var i = wholeCount - 1; i >= 0; i--)
        {
            digits[count++] = wholeDigits[i];
        }

        digits[count++] = (short)(fraction / 100_000_000);
        digits[count++] = (short)(fraction / 10_000 % 10_000);
        digits[count++] = (short)(fraction % 10_000);

        // PostgreSQL strips the zero digits at either end, and applies the column's typmod.
        Int32Raw(8 + (2 * count));
        Ensure(8 + (2 * count));
        var span = _buffer.AsSpan(_length);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)count);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], (short)(wholeCount - 1)); // weight
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], nanos < 0 ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], 9); // display scale
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(8 + (2 * i))..], digits[i]);
        }

        _length += 8 + (2 * count);
    }

    /// <summary>Sends the buffered rows once enough are buffered (call between rows).</summary>
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _length >= FlushAt ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Ends the COPY: sends the trailer and the rest, and waits for the server's answer.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        Ensure(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += 2;
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        _completed = true;
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            try
            {
                await _stream.CancelAsync().ConfigureAwait(false);
            }
            finally
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        _length = 0;
    }

    private void Int32Raw(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
