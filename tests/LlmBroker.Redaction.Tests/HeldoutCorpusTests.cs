using System.Numerics;
using System.Text.Json;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The held-out corpora are well formed: every label sits at its offset, uses a known type and is the
/// only reading of its text, and each corpus holds the counts agreed for it. These tests check the
/// labels only; the detector's scores on a held-out corpus are reported by `dotnet run -- report` or
/// `-- table NAME`; heldout2 and heldout3, now tuning sets, have targets asserted in `CorpusTests`, heldout4, heldout5, heldout6, heldout7, heldout8, heldout9, heldout10, heldout11, heldout12, heldout13, heldout14, heldout15, heldout16, heldout17, heldout18, heldout19, heldout20 and heldout21 never.
/// </summary>
public sealed class HeldoutCorpusTests
{
    private static readonly string[] AddressCountries = ["us", "uk", "de", "fr", "nl", "es", "it", "in", "jp", "br", "ca", "au"];

    private sealed record Label(string Type, string Value, int Start, string? Tag);

    private sealed record Row(string Id, string Split, string Text, List<Label> Labels);

    private static readonly Dictionary<string, List<Row>> Corpora = CorpusEvaluation.HeldoutCorpora.ToDictionary(n => n, ReadRows, StringComparer.Ordinal);

    /// <summary>Every held-out corpus, as test data.</summary>
    public static TheoryData<string> Names => new(CorpusEvaluation.HeldoutCorpora);

    private static List<Row> ReadRows(string name)
    {
        var rows = new List<Row>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(CorpusEvaluation.HeldoutPath(name)))
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

    [Theory]
    [MemberData(nameof(Names))]
    public void Labels_ValueAtOffset_EqualsLabelledValue(string name)
    {
        var errors = Corpora[name]
            .SelectMany(r => r.Labels
                .Where(l => l.Value.Length == 0 || l.Start < 0 || l.Start + l.Value.Length > r.Text.Length
                    || !string.Equals(r.Text.Substring(l.Start, l.Value.Length), l.Value, StringComparison.Ordinal)
                    || l.Value != l.Value.Trim())
                .Select(l => $"{r.Id}: «{l.Value}» at {l.Start}"))
            .ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Labels_Types_AreKnownEntityTypes(string name)
    {
        var known = Enum.GetNames<PiiEntityType>().ToHashSet(StringComparer.Ordinal);
        var unknown = Corpora[name].SelectMany(r => r.Labels.Where(l => !known.Contains(l.Type)).Select(l => $"{r.Id}: {l.Type}")).ToList();
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Labels_WithinACase_DoNotOverlap(string name)
    {
        var errors = new List<string>();
        foreach (var row in Corpora[name])
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

    [Theory]
    [MemberData(nameof(Names))]
    public void Labels_EveryStandaloneRepeatOfALabelledValue_IsLabelledToo(string name)
    {
        // Scoring matches by value, each label once: an unlabelled second occurrence would turn a
        // correct detection into a false positive.
        var errors = new List<string>();
        foreach (var row in Corpora[name])
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

    [Theory]
    [MemberData(nameof(Names))]
    public void Corpus_Cases_HaveUniqueIdsAndTheCorpusSplit(string name)
    {
        var rows = Corpora[name];
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, r => Assert.Equal(name, r.Split));
    }

    [Fact]
    public void Heldout2_Size_MeetsTheAgreedMinimums()
    {
        var rows = Corpora[CorpusEvaluation.Heldout2];
        var labels = rows.SelectMany(r => r.Labels).ToList();
        var persons = labels.Where(l => l.Type == nameof(PiiEntityType.Person)).ToList();
        var addresses = labels.Where(l => l.Type == nameof(PiiEntityType.Address)).ToList();
        Assert.True(rows.Count >= 250, $"{rows.Count} cases");
        Assert.True(persons.Count >= 300, $"{persons.Count} person names");
        Assert.True(addresses.Count >= 120, $"{addresses.Count} addresses");
        Assert.True(labels.Count - persons.Count - addresses.Count >= 150, "structured entities");
        Assert.True(rows.Count(r => r.Labels.Count == 0) >= 80, "false-positive traps");
        Assert.True(persons.Select(l => l.Tag).Distinct().Count() >= 20, "cultures of person names");
        Assert.All(persons, l => Assert.False(string.IsNullOrEmpty(l.Tag), $"«{l.Value}» has no culture tag"));
        Assert.All(AddressCountries, country => Assert.True(addresses.Count(a => a.Tag == country) >= 5, $"addresses from {country}"));
    }

    [Fact]
    public void Heldout3_Size_MeetsTheAgreedMinimums()
    {
        var rows = Corpora[CorpusEvaluation.Heldout3];
        var labels = rows.SelectMany(r => r.Labels).ToList();
        int Count(PiiEntityType type) => labels.Count(l => l.Type == type.ToString());
        var persons = labels.Where(l => l.Type == nameof(PiiEntityType.Person)).ToList();
        var addresses = labels.Where(l => l.Type == nameof(PiiEntityType.Address)).ToList();
        var phones = labels.Where(l => l.Type == nameof(PiiEntityType.Phone)).ToList();
        var ips = labels.Where(l => l.Type == nameof(PiiEntityType.IpAddress)).ToList();
        var errors = new List<string>();
        void AtLeast(int actual, int minimum, string what)
        {
            if (actual < minimum)
            {
                errors.Add($"{what}: {actual} < {minimum}");
            }
        }

        AtLeast(rows.Count, 300, "cases");
        AtLeast(rows.Count(r => r.Labels.Count == 0), 100, "false-positive traps (cases without labels)");
        AtLeast(persons.Count, 150, "person names");
        AtLeast(persons.Select(l => l.Tag).Distinct().Count(), 20, "cultures of person names");
        AtLeast(addresses.Count, 60, "addresses");
        AtLeast(Count(PiiEntityType.Email), 40, "emails");
        AtLeast(phones.Count, 60, "phones");
        AtLeast(Count(PiiEntityType.CreditCard), 25, "cards");
        AtLeast(Count(PiiEntityType.Iban), 25, "IBANs");
        AtLeast(labels.Where(l => l.Type == nameof(PiiEntityType.Iban)).Select(l => l.Value[..2]).Distinct().Count(), 20, "IBAN countries");
        AtLeast(Count(PiiEntityType.UsSsn), 20, "SSNs");
        AtLeast(ips.Count(l => !l.Value.Contains(':', StringComparison.Ordinal)), 30, "IPv4 addresses");
        AtLeast(ips.Count(l => l.Value.Contains(':', StringComparison.Ordinal)), 20, "IPv6 addresses");
        AtLeast(Count(PiiEntityType.UrlWithCredentials), 20, "URLs with credentials");
        AtLeast(Count(PiiEntityType.Secret), 40, "secrets");
        AtLeast(Count(PiiEntityType.DateOfBirth), 25, "dates of birth");
        foreach (var country in AddressCountries)
        {
            AtLeast(addresses.Count(a => a.Tag == country), 5, $"addresses from {country}");
        }

        foreach (var region in new[] { "us", "uk", "de", "fr", "nl", "es", "it", "in", "jp", "br", "au", "ca" })
        {
            AtLeast(phones.Count(p => p.Tag == region), 3, $"phones from {region}");
        }

        errors.AddRange(labels
            .Where(l => (l.Type is nameof(PiiEntityType.Person) or nameof(PiiEntityType.Address) or nameof(PiiEntityType.Phone)) && string.IsNullOrEmpty(l.Tag))
            .Select(l => $"«{l.Value}» ({l.Type}) has no tag"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>
    /// The minimums agreed for each later held-out corpus: cases, traps, and a floor per type (IPv4 and IPv6 apart), with
    /// the spread of name cultures, address countries, phone regions and IBAN countries.
    /// </summary>
    public sealed record Minimums(
        int Cases, int Traps, int Persons, int Addresses, int Emails, int Phones, int Cards, int Ibans, int Ssns,
        int Ipv4, int Ipv6, int Urls, int Secrets, int Births, int IbanCountries,
        int Cultures = 15, int AddressCountries = 8, int PhoneRegions = 12);

    public static TheoryData<string, Minimums> AgreedMinimums => new()
    {
        { CorpusEvaluation.Heldout4, new Minimums(220, 70, 80, 30, 20, 50, 20, 15, 10, 25, 15, 15, 35, 25, IbanCountries: 12) },
        { CorpusEvaluation.Heldout5, new Minimums(200, 60, 70, 30, 20, 50, 20, 15, 20, 20, 10, 12, 40, 20, IbanCountries: 12) },
        { CorpusEvaluation.Heldout6, new Minimums(160, 60, 60, 25, 20, 50, 15, 12, 15, 15, 8, 10, 30, 15, IbanCountries: 10) },
        { CorpusEvaluation.Heldout7, new Minimums(160, 60, 60, 25, 20, 50, 15, 12, 15, 15, 8, 10, 30, 15, IbanCountries: 10) },
        { CorpusEvaluation.Heldout8, new Minimums(160, 60, 60, 25, 20, 60, 15, 12, 15, 20, 10, 10, 30, 15, IbanCountries: 10) },
        { CorpusEvaluation.Heldout9, new Minimums(160, 60, 60, 25, 20, 60, 15, 12, 15, 20, 10, 10, 30, 15, IbanCountries: 10) },
        { CorpusEvaluation.Heldout10, new Minimums(160, 60, 60, 25, 20, 60, 15, 12, 15, 20, 10, 10, 30, 15, IbanCountries: 10) },
        { CorpusEvaluation.Heldout11, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 12, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout12, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 15, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout13, new Minimums(200, 70, 100, 40, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout14, new Minimums(200, 70, 100, 40, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout15, new Minimums(200, 70, 100, 40, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout16, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout17, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout18, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout19, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout20, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
        { CorpusEvaluation.Heldout21, new Minimums(200, 70, 100, 30, 25, 80, 15, 15, 15, 20, 10, 10, 30, 15, IbanCountries: 12, AddressCountries: 20, PhoneRegions: 15) },
    };

    [Theory]
    [MemberData(nameof(AgreedMinimums))]
    public void Size_MeetsTheAgreedMinimums(string name, Minimums minimum)
    {
        var rows = Corpora[name];
        var labels = rows.SelectMany(r => r.Labels).ToList();
        List<Label> Of(PiiEntityType type) => labels.Where(l => l.Type == type.ToString()).ToList();
        var ips = Of(PiiEntityType.IpAddress);
        var errors = new List<string>();
        void AtLeast(int actual, int floor, string what)
        {
            if (actual < floor)
            {
                errors.Add($"{what}: {actual} < {floor}");
            }
        }

        AtLeast(rows.Count, minimum.Cases, "cases");
        AtLeast(rows.Count(r => r.Labels.Count == 0), minimum.Traps, "false-positive traps (cases without labels)");
        AtLeast(Of(PiiEntityType.Person).Count, minimum.Persons, "person names");
        AtLeast(Of(PiiEntityType.Person).Select(l => l.Tag).Distinct().Count(), minimum.Cultures, "cultures of person names");
        AtLeast(Of(PiiEntityType.Address).Count, minimum.Addresses, "addresses");
        AtLeast(Of(PiiEntityType.Address).Select(l => l.Tag).Distinct().Count(), minimum.AddressCountries, "address countries");
        AtLeast(Of(PiiEntityType.Email).Count, minimum.Emails, "emails");
        AtLeast(Of(PiiEntityType.Phone).Count, minimum.Phones, "phones");
        AtLeast(Of(PiiEntityType.Phone).Select(l => l.Tag).Distinct().Count(), minimum.PhoneRegions, "phone regions");
        AtLeast(Of(PiiEntityType.CreditCard).Count, minimum.Cards, "cards");
        AtLeast(Of(PiiEntityType.Iban).Count, minimum.Ibans, "IBANs");
        AtLeast(Of(PiiEntityType.Iban).Select(l => l.Value[..2]).Distinct().Count(), minimum.IbanCountries, "IBAN countries");
        AtLeast(Of(PiiEntityType.UsSsn).Count, minimum.Ssns, "SSNs");
        AtLeast(ips.Count(l => !l.Value.Contains(':', StringComparison.Ordinal)), minimum.Ipv4, "IPv4 addresses");
        AtLeast(ips.Count(l => l.Value.Contains(':', StringComparison.Ordinal)), minimum.Ipv6, "IPv6 addresses");
        AtLeast(Of(PiiEntityType.UrlWithCredentials).Count, minimum.Urls, "URLs with credentials");
        AtLeast(Of(PiiEntityType.Secret).Count, minimum.Secrets, "secrets");
        AtLeast(Of(PiiEntityType.DateOfBirth).Count, minimum.Births, "dates of birth");
        errors.AddRange(labels
            .Where(l => (l.Type is nameof(PiiEntityType.Person) or nameof(PiiEntityType.Address) or nameof(PiiEntityType.Phone)) && string.IsNullOrEmpty(l.Tag))
            .Select(l => $"«{l.Value}» ({l.Type}) has no tag"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The corpora whose builder checks structured values (build_heldout.py STRICT), as test data.</summary>
    public static TheoryData<string> CheckedNames => new(CorpusEvaluation.Heldout3, CorpusEvaluation.Heldout4, CorpusEvaluation.Heldout5, CorpusEvaluation.Heldout6, CorpusEvaluation.Heldout7, CorpusEvaluation.Heldout8, CorpusEvaluation.Heldout9, CorpusEvaluation.Heldout10, CorpusEvaluation.Heldout11, CorpusEvaluation.Heldout12, CorpusEvaluation.Heldout13, CorpusEvaluation.Heldout14, CorpusEvaluation.Heldout15, CorpusEvaluation.Heldout16, CorpusEvaluation.Heldout17, CorpusEvaluation.Heldout18, CorpusEvaluation.Heldout19, CorpusEvaluation.Heldout20, CorpusEvaluation.Heldout21);

    [Theory]
    [MemberData(nameof(CheckedNames))]
    public void StructuredValues_PassTheirChecksums(string name)
    {
        var errors = new List<string>();
        foreach (var row in Corpora[name])
        {
            foreach (var label in row.Labels)
            {
                var compact = new string(label.Value.Where(char.IsLetterOrDigit).ToArray());
                var ok = label.Type switch
                {
                    nameof(PiiEntityType.CreditCard) => compact.All(char.IsAsciiDigit) && compact.Length is >= 13 and <= 19 && LuhnValid(compact),
                    nameof(PiiEntityType.Iban) => Mod97Valid(compact.ToUpperInvariant()),
                    _ => true,
                };
                if (!ok)
                {
                    errors.Add($"{row.Id}: {label.Type} «{label.Value}» fails its checksum");
                }
            }
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void LoadHeldout_ReadsEveryCaseAndLabel(string name)
    {
        var cases = CorpusEvaluation.LoadHeldout(name);
        var rows = Corpora[name];
        Assert.Equal(rows.Count, cases.Count);
        Assert.Equal(rows.Sum(r => r.Labels.Count), cases.Sum(c => c.Entities.Count));
        Assert.All(cases, c => Assert.Equal(name, c.Split));
    }

    private static bool LuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d > 4 ? (2 * d) - 9 : 2 * d) : d;
        }

        return sum % 10 == 0;
    }

    private static bool Mod97Valid(string iban)
    {
        if (iban.Length < 15 || !iban.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        var rearranged = string.Concat((iban[4..] + iban[..4]).Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return BigInteger.Parse(rearranged, System.Globalization.CultureInfo.InvariantCulture) % 97 == 1;
    }
}
