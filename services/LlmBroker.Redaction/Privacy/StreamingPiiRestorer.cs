namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// Restores placeholders in a stream of deltas. A delta ending with text that could still grow into
/// a placeholder (e.g. <c>"Dear &lt;PERS"</c>) keeps that text back until the next delta decides, so
/// the concatenated output always equals the restoration of the whole answer. Not thread-safe: one
/// instance per streamed answer.
/// </summary>
public sealed class StreamingPiiRestorer
{
    private readonly IReadOnlyDictionary<string, string> _mapping;
    private string _pending = "";
    private char _before;

    /// <summary>Creates a restorer for one answer with its mapping (placeholder key → value).</summary>
    public StreamingPiiRestorer(IReadOnlyDictionary<string, string> mapping) => _mapping = mapping;

    /// <summary>The restored text that can be sent now for <paramref name="delta"/>; may be empty.</summary>
    public string Push(string delta)
    {
        var text = _pending.Length == 0 ? delta : _pending + delta;
        if (text.Length == 0)
        {
            return "";
        }

        var cut = text.Length;
        for (var start = Math.Max(0, text.Length - Placeholders.MaxPendingLength); start < text.Length; start++)
        {
            if (Placeholders.CouldGrowIntoPlaceholder(text.AsSpan(start), start == 0 ? _before : text[start - 1]))
            {
                cut = start;
                break;
            }
        }

        _pending = text[cut..];
        return Emit(text[..cut]);
    }

    /// <summary>The restored rest of the answer, once the last delta was pushed.</summary>
    public string Flush()
    {
        var rest = _pending;
        _pending = "";
        return Emit(rest);
    }

    /// <summary>Forgets everything pushed so far (the answer is being regenerated).</summary>
    public void Reset()
    {
        _pending = "";
        _before = '\0';
    }

    private string Emit(string raw)
    {
        if (raw.Length == 0)
        {
            return "";
        }

        var restored = Placeholders.Restore(raw, _mapping, _before);
        _before = raw[^1];
        return restored;
    }
}
