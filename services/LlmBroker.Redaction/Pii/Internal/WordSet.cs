namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>A case-insensitive set of words looked up by span, so scoring allocates nothing.</summary>
internal sealed class WordSet
{
    private readonly HashSet<string> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public WordSet(IEnumerable<string> words)
    {
        _words = new HashSet<string>(words, StringComparer.OrdinalIgnoreCase);
        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _words.Count;

    public bool Contains(ReadOnlySpan<char> word) => _lookup.Contains(word);

    public static WordSet Of(params string[] words) => new(words);
}

/// <summary>
/// Context scoring as Presidio does it: a recognizer's cue words near a match (a few words before,
/// fewer after) raise the match's score.
/// </summary>
internal static class Context
{
    /// <summary>Score gained when a cue word is near (Presidio's context similarity factor).</summary>
    public const double Boost = 0.35;

    public static bool Near(string text, int start, int end, WordSet cues, int wordsBefore = 5, int wordsAfter = 2)
    {
        var i = start;
        for (var n = 0; n < wordsBefore && i > 0; n++)
        {
            while (i > 0 && !char.IsLetter(text[i - 1]))
            {
                i--;
            }

            var wordEnd = i;
            while (i > 0 && char.IsLetter(text[i - 1]))
            {
                i--;
            }

            if (wordEnd == i)
            {
                break;
            }

            if (cues.Contains(text.AsSpan(i, wordEnd - i)))
            {
                return true;
            }
        }

        i = end;
        for (var n = 0; n < wordsAfter && i < text.Length; n++)
        {
            while (i < text.Length && !char.IsLetter(text[i]))
            {
                i++;
            }

            var wordStart = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            if (wordStart == i)
            {
                break;
            }

            if (cues.Contains(text.AsSpan(wordStart, i - wordStart)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="score"/>, raised by <see cref="Boost"/> when a cue is near.</summary>
    public static double Score(string text, int start, int end, WordSet cues, double score, int wordsBefore = 5, int wordsAfter = 2) =>
        Near(text, start, end, cues, wordsBefore, wordsAfter) ? Math.Min(1.0, score + Boost) : score;

    /// <summary>True when the characters either side of the span are not letters or digits.</summary>
    public static bool Bounded(string text, int start, int end) =>
        (start == 0 || !char.IsLetterOrDigit(text[start - 1])) && (end >= text.Length || !char.IsLetterOrDigit(text[end]));
}
