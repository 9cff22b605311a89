using System.Buffers;
using System.Text.Json;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>
/// A whole server-sent-event stream built in memory, with the event boundaries kept so that it can be sent
/// in full or cut after any event.
/// </summary>
internal sealed class SseBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly List<int> _ends = [];
    private readonly Utf8JsonWriter _json;

    public SseBuffer() => _json = new Utf8JsonWriter(_buffer);

    public int EventCount => _ends.Count;

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Starts an event (named unless <paramref name="name"/> is empty) and returns the writer for its data.</summary>
    public Utf8JsonWriter BeginEvent(ReadOnlySpan<byte> name)
    {
        if (!name.IsEmpty)
        {
            _buffer.Write("event: "u8);
            _buffer.Write(name);
            _buffer.Write("\n"u8);
        }

        _buffer.Write("data: "u8);
        _json.Reset(_buffer);
        return _json;
    }

    public void EndEvent()
    {
        _json.Flush();
        _buffer.Write("\n\n"u8);
        _ends.Add(_buffer.WrittenCount);
    }

    /// <summary>An event whose data is not JSON, such as OpenAI's <c>[DONE]</c>.</summary>
    public void WriteRawEvent(ReadOnlySpan<byte> data)
    {
        _buffer.Write("data: "u8);
        _buffer.Write(data);
        _buffer.Write("\n\n"u8);
        _ends.Add(_buffer.WrittenCount);
    }

    /// <summary>The first <paramref name="count"/> events.</summary>
    public ReadOnlyMemory<byte> FirstEvents(int count) =>
        count <= 0 ? ReadOnlyMemory<byte>.Empty : _buffer.WrittenMemory[.._ends[Math.Min(count, _ends.Count) - 1]];
}
