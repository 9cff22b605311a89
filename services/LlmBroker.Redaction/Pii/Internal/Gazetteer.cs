using System.Reflection;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>
/// The name lists: built in (embedded text files, one file per culture: given-names.*.txt and
/// surnames.*.txt) plus the configured additions. Names that are also common words, or two letters
/// long, are kept apart as weak evidence.
/// </summary>
internal sealed class Gazetteer
{
    private const string Prefix = "LlmBroker.Redaction.Pii.";

    /// <summary>The cultures whose names are often written family name first (Zhang Wei, Park Ji-hoon, Nguyen Van An).</summary>
    private const string FamilyFirstCulture = "east-asia";

    public Gazetteer(PiiDetectorOptions options)
    {
        var configuredGiven = new HashSet<string>(options.GivenNames, StringComparer.OrdinalIgnoreCase);
        var configuredNotNames = new HashSet<string>(options.NotNames, StringComparer.OrdinalIgnoreCase);
        CommonWords = new WordSet(LoadWords("common-words"));
        var ambiguous = new HashSet<string>(LoadWords("ambiguous-names"), StringComparer.OrdinalIgnoreCase);
        var notNames = LoadWords("not-names").Concat(options.NotNames).ToList();
        var excluded = new HashSet<string>(notNames, StringComparer.OrdinalIgnoreCase);

        // Short East Asian given names (Wei, Min, Long) are syllables that name a person only beside
        // a family name; longer and hyphenated ones (Xiaoming, Ji-hoon, Haruka) stand alone.
        var familyFirstGiven = LoadWords("given-names." + FamilyFirstCulture).ToList();
        EastAsianGivenNames = new WordSet(familyFirstGiven, foldMarks: true);
        var syllables = new HashSet<string>(familyFirstGiven.Where(n => n.Length <= 4 && !n.Contains('-', StringComparison.Ordinal)), StringComparer.OrdinalIgnoreCase);
        var given = new List<string>();
        foreach (var name in LoadWords("given-names", FamilyFirstCulture).Concat(familyFirstGiven.Where(n => !syllables.Contains(n))))
        {
            if (excluded.Contains(name))
            {
                continue;
            }

            if (ambiguous.Contains(name) || name.Length <= 2 || CommonWords.Contains(name))
            {
                ambiguous.Add(name);
            }
            else
            {
                given.Add(name);
            }
        }

        GivenNames = new WordSet(given.Concat(options.GivenNames), foldMarks: true);
        AmbiguousGivenNames = new WordSet(ambiguous.Where(n => !configuredGiven.Contains(n)), foldMarks: true);
        var surnames = LoadWords("surnames").Concat(options.Surnames).Where(n => !configuredNotNames.Contains(n)).ToList();
        Surnames = new WordSet(surnames, foldMarks: true);
        WeakSurnames = new WordSet(surnames.Where(n => n.Length <= 2 || CommonWords.Contains(n) || ambiguous.Contains(n) || excluded.Contains(n)), foldMarks: true);
        FamilyFirstSurnames = new WordSet(LoadWords("surnames." + FamilyFirstCulture), foldMarks: true);
        NotNames = new WordSet(notNames);
        NotNamePhrases = new WordSet(LoadLines("not-name-phrases"));
    }

    /// <summary>Given names that are rarely anything else.</summary>
    public WordSet GivenNames { get; }

    /// <summary>Given names that are also common words, places or syllables (May, Will, Paris, Wei).</summary>
    public WordSet AmbiguousGivenNames { get; }

    /// <summary>Every known surname, strong or weak.</summary>
    public WordSet Surnames { get; }

    /// <summary>Surnames that are also common words (White, Long, Park): a name only beside a given name.</summary>
    public WordSet WeakSurnames { get; }

    /// <summary>Family names of cultures that often write them first.</summary>
    public WordSet FamilyFirstSurnames { get; }

    /// <summary>Given names (and syllables of given names) of those cultures.</summary>
    public WordSet EastAsianGivenNames { get; }

    /// <summary>Common words: evidence against an unknown capitalised word being a name.</summary>
    public WordSet CommonWords { get; }

    public WordSet NotNames { get; }

    /// <summary>Runs of capitalised words that are organisations or places (Morgan Stanley, Hong Kong).</summary>
    public WordSet NotNamePhrases { get; }

    /// <summary>Strong surname: in the lists and not also a common word.</summary>
    public bool IsStrongSurname(ReadOnlySpan<char> word)
    {
        if (Surnames.Contains(word))
        {
            return !WeakSurnames.Contains(word);
        }

        // Double-barrelled: Asante-Mensah, Gómez-Restrepo, Watanabe-Clarke.
        var hyphen = word.IndexOf('-');
        if (hyphen > 1 && hyphen < word.Length - 2
            && ((Surnames.Contains(word[..hyphen]) && !WeakSurnames.Contains(word[..hyphen])) || (Surnames.Contains(word[(hyphen + 1)..]) && !WeakSurnames.Contains(word[(hyphen + 1)..]))))
        {
            return true;
        }

        return HasSurnameEnding(word) && !CommonWords.Contains(word);
    }

    /// <summary>
    /// Endings that mark a family name in many languages (Kowalczyk is not listed, but -czyk is Polish):
    /// Georgian -shvili/-dze, Armenian -yan, Ukrainian -enko, Romanian -escu, Greek -opoulos/-akis/-idis,
    /// South Slavic -ović/-ević, Polish -ski/-ska/-cki/-wicz/-czyk, Russian -ov/-ev/-ovich, Nordic -sson/-dóttir,
    /// Turkish -oğlu, Persian -zadeh/-pour/-nejad, Pashto -zai, Kazakh -bayev/-bekov, Indian -wala/-swamy.
    /// </summary>
    public static bool HasSurnameEnding(ReadOnlySpan<char> word)
    {
        if (word.Length < 6)
        {
            return false;
        }

        foreach (var ending in SurnameEndings)
        {
            if (word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] SurnameEndings =
    [
        "shvili", "dze", "yan", "enko", "escu", "opoulos", "poulos", "akis", "idis", "ović", "ovic", "ević", "evic", "ski", "ska", "cki", "cka",
        "wicz", "czyk", "czak", "ovich", "evich", "ov", "ev", "sson", "dóttir", "dottir", "oğlu", "oglu", "zadeh", "pour", "nejad", "zai",
        "bayev", "bekov", "wala", "swamy", "murthy", "krishnan", "nathan",
    ];

    /// <summary>Counts per embedded list, for the documentation.</summary>
    public static IEnumerable<(string List, int Count)> ListSizes() =>
        Resources(string.Empty).Select(r => (r[Prefix.Length..^4], ReadWords(r).Count()));

    /// <summary>Words of every list whose name starts with <paramref name="list"/>, several a line.</summary>
    private static IEnumerable<string> LoadWords(string list, string? except = null) =>
        Resources(list)
            .Where(r => except is null || !r.EndsWith("." + except + ".txt", StringComparison.Ordinal))
            .SelectMany(ReadWords);

    private static IEnumerable<string> Resources(string list)
    {
        var resources = Assembly.GetExecutingAssembly().GetManifestResourceNames()
            .Where(r => r.StartsWith(Prefix + list, StringComparison.Ordinal) && r.EndsWith(".txt", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        return resources.Count > 0 ? resources : throw new InvalidOperationException($"missing embedded name list {list}");
    }

    private static IEnumerable<string> ReadWords(string resource) =>
        ReadLines(resource).SelectMany(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(word => !char.IsLower(word[0]) || resource.Contains("common-words", StringComparison.Ordinal));

    private static List<string> LoadLines(string list) => Resources(list).SelectMany(ReadLines).ToList();

    private static IEnumerable<string> ReadLines(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"missing embedded name list {resource}");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
