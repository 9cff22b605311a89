using System.Globalization;
using System.Text;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>A case-insensitive set of words looked up by span, so scoring allocates nothing.</summary>
internal sealed class WordSet
{
    private readonly HashSet<string> _words;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>One bit per folded-hash value of the words: most words not in the set are turned away without a hash-set look-up.</summary>
    private readonly ulong[] _filter = new ulong[FilterBits / 64];

    private const int FilterBits = 1 << 16;

    /// <summary>Whether a word with accents that is not in the set is looked up again without them (Thị as Thi, Đức as Duc).</summary>
    private readonly bool _foldMarks;

    public WordSet(IEnumerable<string> words)
        : this(words, foldMarks: false)
    {
    }

    /// <param name="words">The words.</param>
    /// <param name="foldMarks">
    /// Also find a word written with accents when the set holds it without them: name lists spell many names in ASCII
    /// (Nguyen Thi Ha), while text writes them as their owners do (Nguyễn Thị Hà).
    /// </param>
    public WordSet(IEnumerable<string> words, bool foldMarks)
    {
        _foldMarks = foldMarks;
        _words = new HashSet<string>(words, StringComparer.OrdinalIgnoreCase);
        _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var word in _words)
        {
            var h = FoldedHash(word) & (FilterBits - 1);
            _filter[h >> 6] |= 1UL << (int)(h & 63);
        }
    }

    public int Count => _words.Count;

    public bool Contains(ReadOnlySpan<char> word) => _lookup.Contains(word) || (_foldMarks && ContainsFolded(word));

    /// <summary>False when the word is certainly not in the set; true when it may be (then ask <see cref="Contains"/>).</summary>
    public bool MayContain(ReadOnlySpan<char> word)
    {
        if (_foldMarks && !Ascii.IsValid(word))
        {
            return true;
        }

        var h = FoldedHash(word) & (FilterBits - 1);
        return (_filter[h >> 6] & (1UL << (int)(h & 63))) != 0;
    }

    /// <summary>
    /// FNV-1a over the characters in upper case, as <see cref="StringComparer.OrdinalIgnoreCase"/> compares them, so
    /// "Anna", "ANNA" and "anna" hash alike.
    /// </summary>
    private static uint FoldedHash(ReadOnlySpan<char> word)
    {
        var h = 2166136261u;
        foreach (var c in word)
        {
            var folded = c < 128 ? (char)(c is >= 'a' and <= 'z' ? c & ~0x20 : c) : char.ToUpperInvariant(c);
            h = (h ^ folded) * 16777619u;
        }

        return h ^ (h >> 16);
    }

    public static WordSet Of(params string[] words) => new(words);

    /// <summary>The word without its accents (Nguyễn → Nguyen, Đức → Duc, Łukasz → Lukasz), looked up again.</summary>
    private bool ContainsFolded(ReadOnlySpan<char> word)
    {
        if (word.Length > 32 || Ascii.IsValid(word))
        {
            return false;
        }

        Span<char> folded = stackalloc char[32];
        var length = 0;
        foreach (var c in word)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                // A mark written as a character of its own after its letter (e + U+0303).
                continue;
            }

            var f = MarkFolding.Fold(c);
            if (f == '\0')
            {
                return false;
            }

            folded[length++] = f;
        }

        return _lookup.Contains(folded[..length]);
    }

}

/// <summary>
/// Context scoring as Presidio does it: a recognizer's cue words near a match (a few words before,
/// fewer after) raise the match's score.
/// </summary>
internal static class Context
{
    /// <summary>Score gained when a cue word is near (Presidio's context similarity factor).</summary>
    public const double Boost = 0.35;

    /// <summary>
    /// Steps back from <paramref name="i"/> over what is not a letter, then over one word, never past
    /// <paramref name="limit"/>; false when no word is left. <paramref name="i"/> ends at the word's start.
    /// </summary>
    public static bool PreviousWord(string text, ref int i, int limit, out ReadOnlySpan<char> word)
    {
        while (i > limit && !char.IsLetter(text[i - 1]))
        {
            i--;
        }

        var wordEnd = i;
        while (i > limit && char.IsLetter(text[i - 1]))
        {
            i--;
        }

        word = text.AsSpan(i, wordEnd - i);
        return wordEnd > i;
    }

    public static bool Near(string text, int start, int end, WordSet cues, int wordsBefore = 5, int wordsAfter = 2) =>
        Near(text, start, end, cues, wordsBefore, wordsAfter, 0);

    /// <summary>As <see cref="Near(string, int, int, WordSet, int, int)"/>, looking back no further than <paramref name="limit"/>.</summary>
    public static bool Near(string text, int start, int end, WordSet cues, int wordsBefore, int wordsAfter, int limit)
    {
        var i = start;
        for (var n = 0; n < wordsBefore && i > limit; n++)
        {
            if (!PreviousWord(text, ref i, limit, out var word))
            {
                break;
            }

            if (cues.Contains(word))
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
