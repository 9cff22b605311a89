using System.Reflection;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>The name lists: built in (embedded text files) plus the configured additions.</summary>
internal sealed class Gazetteer
{
    public Gazetteer(PiiDetectorOptions options)
    {
        var ambiguous = Load("ambiguous-names");
        var notNames = Load("not-names").Concat(options.NotNames).ToList();
        var excluded = new HashSet<string>(notNames.Concat(ambiguous), StringComparer.OrdinalIgnoreCase);
        GivenNames = new WordSet(Load("given-names").Concat(options.GivenNames).Where(n => !excluded.Contains(n) || options.GivenNames.Contains(n, StringComparer.OrdinalIgnoreCase)));
        AmbiguousGivenNames = new WordSet(ambiguous.Where(n => !options.GivenNames.Contains(n, StringComparer.OrdinalIgnoreCase)));
        Surnames = new WordSet(Load("surnames").Concat(options.Surnames).Where(n => !options.NotNames.Contains(n, StringComparer.OrdinalIgnoreCase)));
        NotNames = new WordSet(notNames);
    }

    /// <summary>Given names that are rarely anything else.</summary>
    public WordSet GivenNames { get; }

    /// <summary>Given names that are also common words or places.</summary>
    public WordSet AmbiguousGivenNames { get; }

    public WordSet Surnames { get; }

    public WordSet NotNames { get; }

    private static List<string> Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"LlmBroker.Redaction.Pii.{name}.txt")
            ?? throw new InvalidOperationException($"missing embedded name list {name}");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                words.Add(line);
            }
        }

        return words;
    }
}
