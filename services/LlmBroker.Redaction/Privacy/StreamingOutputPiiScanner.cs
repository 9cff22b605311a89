using System.Text;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// The output scan of <see cref="OutputPiiScanner"/> applied to an answer as it streams, so the deltas a
/// client receives follow the same policy as the final result: PII the model adds is masked (or left and
/// counted, with the flag policy) before the text leaves. Works on the still pseudonymized text, as the
/// final scan does; placeholders are restored afterwards by <see cref="StreamingPiiRestorer"/>.
/// </summary>
/// <remarks>
/// The unsent tail that could still be part of an entity, or the context that decides one, is held back:
/// text is released only up to a whitespace at least <see cref="HoldBack"/> characters before the end,
/// never inside a match, and scanned together with up to <see cref="Context"/> characters already
/// released (the detectors score cue words before a value). So an entity split across deltas is masked
/// whole, and the concatenated output equals the final scan's client output for values no longer than
/// the hold-back. The detector runs once per <see cref="Step"/> characters released at most, not per
/// delta. Not thread-safe: one instance per streamed answer.
/// </remarks>
public sealed class StreamingOutputPiiScanner
{
    /// <summary>Characters kept back at the end of the text: multi-word values (addresses, spaced phone or card numbers) fit in them.</summary>
    public const int HoldBack = 64;

    /// <summary>Characters a scan must be able to release before the detector runs again.</summary>
    public const int Step = 16;

    /// <summary>Characters of released text scanned again as left context.</summary>
    public const int Context = 160;

    /// <summary>A run without whitespace longer than this is cut anyway (it would otherwise be held to the end).</summary>
    private const int LongestWord = 1024;

    private readonly IPiiDetector _detector;
    private readonly PrivacyPolicies _policies;
    private readonly string _app;
    private readonly bool _maskForClient;
    private readonly Func<IReadOnlyDictionary<string, string>> _mapping;
    private HashSet<string>? _known;
    private string _pending = "";
    private string _context = "";

    internal StreamingOutputPiiScanner(IPiiDetector detector, PrivacyPolicies policies, string app, Func<IReadOnlyDictionary<string, string>> mapping)
    {
        _detector = detector;
        _policies = policies;
        _app = app;
        _maskForClient = policies.OutputActionFor(app) == OutputPiiAction.Mask;
        _mapping = mapping;
    }

    /// <summary>PII values not in the prompt found in the text released since the start (or the last reset).</summary>
    public int UnknownCount { get; private set; }

    /// <summary>The text that can be sent now for <paramref name="delta"/>, new PII handled by policy; may be empty.</summary>
    public string Push(string delta)
    {
        _pending = _pending.Length == 0 ? delta : _pending + delta;
        if (_pending.Length < HoldBack + Step)
        {
            return "";
        }

        var limit = _pending.Length - HoldBack;
        var cut = limit;
        while (cut > 0 && !char.IsWhiteSpace(_pending[cut - 1]))
        {
            cut--;
        }

        if (cut == 0)
        {
            if (_pending.Length < LongestWord)
            {
                return "";
            }

            cut = limit;
        }

        return Release(cut, final: false);
    }

    /// <summary>The rest of the answer, once the last delta was pushed.</summary>
    public string Flush() => _pending.Length == 0 ? "" : Release(_pending.Length, final: true);

    /// <summary>Forgets everything pushed and counted so far (the answer is being generated again).</summary>
    public void Reset()
    {
        _pending = "";
        _context = "";
        UnknownCount = 0;
    }

    private string Release(int cut, bool final)
    {
        var text = _context.Length == 0 ? _pending : _context + _pending;
        var offset = _context.Length;
        var matches = _detector.Detect(text);
        if (!final)
        {
            // Never release part of a value: stop before a match the cut would split.
            foreach (var match in matches)
            {
                if (match.Start >= offset && match.Start < offset + cut && match.End > offset + cut)
                {
                    cut = match.Start - offset;
                    break;
                }
            }

            if (cut == 0)
            {
                return "";
            }
        }

        var end = offset + cut;
        var client = new StringBuilder(cut + 16);
        var cursor = offset;
        foreach (var match in matches)
        {
            // Matches in the context were decided when that text was released.
            if (match.Start < cursor || match.End > end || _policies.ActionFor(_app, match.Type) == PiiAction.Allow)
            {
                continue;
            }

            client.Append(text, cursor, match.Start - cursor);
            var value = text.Substring(match.Start, match.Length);
            _known ??= [.. _mapping().Values];
            if (_known.Contains(value))
            {
                client.Append(value);
            }
            else
            {
                UnknownCount++;
                client.Append(_maskForClient ? Placeholders.Mask(match.Type) : value);
            }

            cursor = match.End;
        }

        client.Append(text, cursor, end - cursor);
        _context = ContextOf(text[..end]);
        _pending = _pending[cut..];
        return client.ToString();
    }

    // The released text's tail, from a word start so patterns with word boundaries see what they would in the whole text.
    private static string ContextOf(string released)
    {
        if (released.Length <= Context)
        {
            return released;
        }

        var start = released.Length - Context;
        var space = released.AsSpan(start).IndexOfAny(" \t\r\n");
        return space < 0 ? released[start..] : released[(start + space + 1)..];
    }
}
