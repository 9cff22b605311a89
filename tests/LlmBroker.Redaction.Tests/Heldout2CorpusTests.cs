using System.Text.Json;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The second held-out corpus is well formed: every label sits at its offset, uses a known type and is
/// the only reading of its text. It checks the labels only; the detector's scores on it are reported by
/// `dotnet run -- report` or `-- table heldout2`, and asserted (every type but Person) in <see cref="CorpusTests"/>.
/// </summary>
public sealed class Heldout2CorpusTests
{
    private static readonly string[] AddressCountries = ["us", "uk", "de", "fr", "nl", "es", "it", "in", "jp", "br", "ca", "au"];

    private sealed record Label(string Type, string Value, int Start, string? Tag);

    private sealed record Row(string Id, string Split, string Text, List<Label> Labels);

    private static readonly List<Row> Rows = ReadRows();

    private static List<Row> ReadRows()
    {
        var rows = new List<Row>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(CorpusEvaluation.Heldout2Path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var labels = root.GetProperty("entities").EnumerateArray()
                .Select(e => new Label(
                    e.GetProperty("type").GetString()!,
                    e.GetProperty("value").GetString()!,
                    e.GetProperty("start").GetInt32(),
                    e.TryGetProperty("tag", out var tag) ? tag.GetString() : null))
                .ToList();
            rows.Add(new Row(root.GetProperty("id").GetString() ?? $"line {lineNumber}", root.GetProperty("split").GetString()!, root.GetProperty("text").GetString()!, labels));
        }

        return rows;
    }

    [Fact]
    public void Labels_ValueAtOffset_EqualsLabelledValue()
    {
        var errors = Rows
            .SelectMany(r => r.Labels
                .Where(l => l.Value.Length == 0 || l.Start < 0 || l.Start + l.Value.Length > r.Text.Length
                    || !string.Equals(r.Text.Substring(l.Start, l.Value.Length), l.Value, StringComparison.Ordinal)
                    || l.Value != l.Value.Trim())
                .Select(l => $"{r.Id}: «{l.Value}» at {l.Start}"))
            .ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Labels_Types_AreKnownEntityTypes()
    {
        var known = Enum.GetNames<PiiEntityType>().ToHashSet(StringComparer.Ordinal);
        var unknown = Rows.SelectMany(r => r.Labels.Where(l => !known.Contains(l.Type)).Select(l => $"{r.Id}: {l.Type}")).ToList();
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    [Fact]
    public void Labels_WithinACase_DoNotOverlap()
    {
        var errors = new List<string>();
        foreach (var row in Rows)
        {
            var ordered = row.Labels.OrderBy(l => l.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].Start < ordered[i - 1].Start + ordered[i - 1].Value.Length)
                {
                    errors.Add($"{row.Id}: «{ordered[i - 1].Value}» overlaps «{ordered[i].Value}»");
                }
            }
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Labels_EveryStandaloneRepeatOfALabelledValue_IsLabelledToo()
    {
        // Scoring matches by value, each label once: an unlabelled second occurrence would turn a
        // correct detection into a false positive.
        var errors = new List<string>();
        foreach (var row in Rows)
        {
            foreach (var value in row.Labels.Select(l => l.Value).Distinct(StringComparer.Ordinal))
            {
                for (var at = row.Text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = row.Text.IndexOf(value, at + 1, StringComparison.Ordinal))
                {
                    var standalone = (at == 0 || !char.IsLetterOrDigit(row.Text[at - 1]))
                        && (at + value.Length == row.Text.Length || !char.IsLetterOrDigit(row.Text[at + value.Length]));
                    var covered = row.Labels.Any(l => l.Start <= at && at + value.Length <= l.Start + l.Value.Length);
                    if (standalone && !covered)
                    {
                        errors.Add($"{row.Id}: «{value}» at {at} is not labelled");
                    }
                }
            }
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Corpus_Cases_HaveUniqueIdsAndTheHeldout2Split()
    {
        Assert.Equal(Rows.Count, Rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Rows, r => Assert.Equal(CorpusEvaluation.Heldout2Split, r.Split));
    }

    [Fact]
    public void Corpus_Size_MeetsTheAgreedMinimums()
    {
        var labels = Rows.SelectMany(r => r.Labels).ToList();
        var persons = labels.Where(l => l.Type == nameof(PiiEntityType.Person)).ToList();
        var addresses = labels.Where(l => l.Type == nameof(PiiEntityType.Address)).ToList();
        Assert.True(Rows.Count >= 250, $"{Rows.Count} cases");
        Assert.True(persons.Count >= 300, $"{persons.Count} person names");
        Assert.True(addresses.Count >= 120, $"{addresses.Count} addresses");
        Assert.True(labels.Count - persons.Count - addresses.Count >= 150, "structured entities");
        Assert.True(Rows.Count(r => r.Labels.Count == 0) >= 80, "false-positive traps");
        Assert.True(persons.Select(l => l.Tag).Distinct().Count() >= 20, "cultures of person names");
        Assert.All(persons, l => Assert.False(string.IsNullOrEmpty(l.Tag), $"«{l.Value}» has no culture tag"));
        Assert.All(AddressCountries, country => Assert.True(addresses.Count(a => a.Tag == country) >= 5, $"addresses from {country}"));
    }

    [Fact]
    public void LoadHeldout2_ReadsEveryCaseAndLabel()
    {
        var cases = CorpusEvaluation.LoadHeldout2();
        Assert.Equal(Rows.Count, cases.Count);
        Assert.Equal(Rows.Sum(r => r.Labels.Count), cases.Sum(c => c.Entities.Count));
        Assert.All(cases, c => Assert.Equal(CorpusEvaluation.Heldout2Split, c.Split));
    }
}
