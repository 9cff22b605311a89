using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>One labelled text of the corpus.</summary>
internal sealed record CorpusCase(string Id, string Split, string Text, IReadOnlyList<(PiiEntityType Type, string Value)> Entities);

/// <summary>Counts for one entity type: a found value is a true positive when its type and exact text match a label.</summary>
internal sealed class EntityScore
{
    public int TruePositives { get; set; }

    public int FalsePositives { get; set; }

    public int FalseNegatives { get; set; }

    public int Expected => TruePositives + FalseNegatives;

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => Expected == 0 ? 1 : (double)TruePositives / Expected;

    /// <summary>F-beta with beta 2: recall weighs four times as much as precision.</summary>
    public double F2 => Precision + Recall == 0 ? 0 : 5 * Precision * Recall / ((4 * Precision) + Recall);
}

/// <summary>Runs the detector over the corpus and scores it by exact value match per entity type.</summary>
internal static class CorpusEvaluation
{
    public static string CorpusPath => Path.Combine(AppContext.BaseDirectory, "Corpus", "pii-corpus.jsonl");

    /// <summary>The second held-out corpus: hand-written prompts, blind at first, a tuning set since (see docs/pii.md).</summary>
    public const string Heldout2 = "heldout2";

    /// <summary>The third held-out corpus: hand-written prompts written after <see cref="Heldout2"/> was read; measured blind twice, a tuning set since (see docs/pii.md).</summary>
    public const string Heldout3 = "heldout3";

    /// <summary>The fourth held-out corpus: hand-written prompts written after <see cref="Heldout3"/> was read, by someone who never ran the detector on them; measured blind once, a tuning set since (see docs/pii.md).</summary>
    public const string Heldout4 = "heldout4";

    /// <summary>The fifth held-out corpus: hand-written prompts written after <see cref="Heldout4"/> was written, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout5.md).</summary>
    public const string Heldout5 = "heldout5";

    /// <summary>The sixth held-out corpus: hand-written prompts written after <see cref="Heldout5"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout6.md).</summary>
    public const string Heldout6 = "heldout6";

    /// <summary>The seventh held-out corpus: hand-written prompts written after <see cref="Heldout6"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout7.md).</summary>
    public const string Heldout7 = "heldout7";

    /// <summary>The eighth held-out corpus: hand-written prompts written after <see cref="Heldout7"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout8.md).</summary>
    public const string Heldout8 = "heldout8";

    /// <summary>The ninth held-out corpus: hand-written prompts written after <see cref="Heldout8"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout9.md).</summary>
    public const string Heldout9 = "heldout9";

    /// <summary>The tenth held-out corpus: hand-written prompts written after <see cref="Heldout9"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout10.md).</summary>
    public const string Heldout10 = "heldout10";

    /// <summary>The eleventh held-out corpus: hand-written prompts written after <see cref="Heldout10"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout11.md).</summary>
    public const string Heldout11 = "heldout11";

    /// <summary>The twelfth held-out corpus: hand-written prompts written after <see cref="Heldout11"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout12.md).</summary>
    public const string Heldout12 = "heldout12";

    /// <summary>The thirteenth held-out corpus: hand-written prompts written after <see cref="Heldout12"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout13.md).</summary>
    public const string Heldout13 = "heldout13";

    /// <summary>The fourteenth held-out corpus: hand-written prompts written after <see cref="Heldout13"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout14.md).</summary>
    public const string Heldout14 = "heldout14";

    /// <summary>The fifteenth held-out corpus: hand-written prompts written after <see cref="Heldout14"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout15.md).</summary>
    public const string Heldout15 = "heldout15";

    /// <summary>The sixteenth held-out corpus: hand-written prompts written after <see cref="Heldout15"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout16.md).</summary>
    public const string Heldout16 = "heldout16";

    /// <summary>The seventeenth held-out corpus: hand-written prompts written after <see cref="Heldout16"/> was measured, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout17.md).</summary>
    public const string Heldout17 = "heldout17";

    /// <summary>The eighteenth held-out corpus: hand-written prompts written after <see cref="Heldout17"/> was written, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout18.md).</summary>
    public const string Heldout18 = "heldout18";

    /// <summary>The nineteenth held-out corpus: hand-written prompts written while <see cref="Heldout18"/> was being tuned on, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout19.md).</summary>
    public const string Heldout19 = "heldout19";

    /// <summary>The twentieth held-out corpus: hand-written prompts written while <see cref="Heldout19"/> was being tuned on, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout20.md).</summary>
    public const string Heldout20 = "heldout20";

    /// <summary>The twenty-first held-out corpus: hand-written prompts written while <see cref="Heldout20"/> was being tuned on, by someone who never ran the detector on them; kept for one blind measurement (see Corpus/heldout21.md).</summary>
    public const string Heldout21 = "heldout21";

    /// <summary>The held-out corpora, each in its own file <c>Corpus/NAME.jsonl</c> whose cases all carry the split NAME.</summary>
    public static readonly IReadOnlyList<string> HeldoutCorpora = [Heldout2, Heldout3, Heldout4, Heldout5, Heldout6, Heldout7, Heldout8, Heldout9, Heldout10, Heldout11, Heldout12, Heldout13, Heldout14, Heldout15, Heldout16, Heldout17, Heldout18, Heldout19, Heldout20, Heldout21];

    /// <summary>The file of one held-out corpus (built by <c>Corpus/build_heldout.py NAME</c>).</summary>
    public static string HeldoutPath(string name) => Path.Combine(AppContext.BaseDirectory, "Corpus", name + ".jsonl");

    public static List<CorpusCase> Load() => LoadFile(CorpusPath, "dev");

    /// <summary>Reads one held-out corpus; its split is its name.</summary>
    public static List<CorpusCase> LoadHeldout(string name) => LoadFile(HeldoutPath(name), name);

    /// <summary>Reads labelled JSONL: entities as {"type", "value"} objects or [type, value] pairs; id and split optional.</summary>
    public static List<CorpusCase> LoadFile(string path, string defaultSplit)
    {
        var cases = new List<CorpusCase>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var entities = root.GetProperty("entities").EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Array
                    ? (Enum.Parse<PiiEntityType>(e[0].GetString()!), e[1].GetString()!)
                    : (Enum.Parse<PiiEntityType>(e.GetProperty("type").GetString()!), e.GetProperty("value").GetString()!))
                .ToList();
            var id = root.TryGetProperty("id", out var idValue) ? idValue.GetString()! : $"line{cases.Count + 1}";
            var split = root.TryGetProperty("split", out var splitValue) ? splitValue.GetString()! : defaultSplit;
            cases.Add(new CorpusCase(id, split, root.GetProperty("text").GetString()!, entities));
        }

        return cases;
    }

    public sealed record Miss(string CaseId, string Kind, PiiEntityType Type, string Value, string Text);

    public static Dictionary<PiiEntityType, EntityScore> Score(IPiiDetector detector, IEnumerable<CorpusCase> cases, List<Miss>? misses = null)
    {
        var scores = Enum.GetValues<PiiEntityType>().ToDictionary(t => t, _ => new EntityScore());
        foreach (var c in cases)
        {
            var expected = c.Entities.ToList();
            foreach (var match in detector.Detect(c.Text))
            {
                var value = c.Text.Substring(match.Start, match.Length);
                var index = expected.FindIndex(e => e.Type == match.Type && e.Value == value);
                if (index >= 0)
                {
                    scores[match.Type].TruePositives++;
                    expected.RemoveAt(index);
                }
                else
                {
                    scores[match.Type].FalsePositives++;
                    misses?.Add(new Miss(c.Id, "FP", match.Type, value, c.Text));
                }
            }

            foreach (var (type, value) in expected)
            {
                scores[type].FalseNegatives++;
                misses?.Add(new Miss(c.Id, "FN", type, value, c.Text));
            }
        }

        return scores;
    }

    /// <summary>The targets the tests hold the detector to.</summary>
    public static (double Recall, double Precision) Target(PiiEntityType type) => type switch
    {
        PiiEntityType.Person or PiiEntityType.Address => (0.85, 0.85),
        PiiEntityType.DateOfBirth or PiiEntityType.UrlWithCredentials => (0.9, 0.9),
        _ => (0.98, 0.95),
    };

    /// <summary>One split's table: a heading with the case and trap counts, then one row per entity type.</summary>
    public static string Table(IPiiDetector detector, string title, List<CorpusCase> subset)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var scores = Score(detector, subset);
        text.AppendLine(inv, $"## {title}: {subset.Count} cases, {subset.Count(c => c.Entities.Count == 0)} traps");
        text.AppendLine();
        text.AppendLine("| entity | labels | TP | FP | FN | precision | recall | F2 | target (P / R) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (type, s) in scores)
        {
            var (r, p) = Target(type);
            text.AppendLine(inv, $"| {type} | {s.Expected} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.Precision:0.000} | {s.Recall:0.000} | {s.F2:0.000} | {p:0.00} / {r:0.00} |");
        }

        return text.ToString();
    }

    /// <summary>The report; <paramref name="heldout"/>, when given, adds a table for each held-out corpus (by name) after the main corpus's tables.</summary>
    public static string Markdown(IPiiDetector detector, List<CorpusCase> cases, IReadOnlyDictionary<string, List<CorpusCase>>? heldout = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# PII detection: precision and recall");
        text.AppendLine();
        text.AppendLine("Produced by `dotnet run --project tests/LlmBroker.Redaction.Tests -c Release -- report` (writes this file), over the");
        text.AppendLine("labelled corpus `tests/LlmBroker.Redaction.Tests/Corpus/pii-corpus.jsonl` (written by `generate.py` next to it).");
        text.AppendLine();
        text.AppendLine("Matching: **exact value**. A detected entity counts as a true positive only when its type and its exact text equal a label of");
        text.AppendLine("the same case (each label matches once); anything else the detector reports is a false positive, and every unmatched label");
        text.AppendLine("a false negative. A name found without its surname, or an address cut short, therefore counts as both. F2 weighs recall");
        text.AppendLine("four times as much as precision (a missed value leaks; an extra placeholder only costs the model some context).");
        text.AppendLine();
        text.AppendLine("The corpus is split: the **held-out** cases (about a quarter) draw from their own halves of the name, street, city, trap and");
        text.AppendLine("sentence-template pools; the recognizers were tuned on the **dev** cases, the held-out ones were measured once before being");
        text.AppendLine("looked at (that first measurement is in the notes below), and a **fresh** set written afterwards was never tuned on. Cases without");
        text.AppendLine("labels are false-positive traps: order and part numbers, versions, ISO and report dates, prices, tracking codes, code");
        text.AppendLine("snippets, UUIDs, hashes, timestamps, capitalised product and place names.");
        text.AppendLine();
        text.AppendLine("**What to trust.** Every corpus the recognizers were tuned on scores at or near 1.000 by construction. The figures that");
        text.AppendLine("say how the detector does on text nobody tuned on are the blind measurements of the held-out corpora further down,");
        text.AppendLine("each written by someone who had not read the recognizers, measured once, then read and tuned on. In turn: heldout5");
        text.AppendLine("(after three tuning rounds): recall 1.000 on every structured type and on dates of birth, precision 1.000 except email");
        text.AppendLine("0.917 and phone 0.903 (targets 0.95); heldout6 (after a fourth round): every structured type at 1.000 except phone");
        text.AppendLine("P 0.964 / R 0.931 and secret 0.967 / 0.967; heldout7 (after a fifth round): every structured type at 1.000 except phone");
        text.AppendLine("P 0.906 / R 0.951 and IP precision 0.920; heldout8 (after a sixth round, with a scoring phone detector): phone");
        text.AppendLine("P 0.920 / R 0.910, IP precision 0.833, URL-with-credentials recall 0.846, secret 0.971 / 0.971, email precision");
        text.AppendLine("0.955, the rest at target; heldout9 (after a seventh round): phone P 0.924 / R 0.960, IP precision 0.939, SSN recall");
        text.AppendLine("0.947 (one miss in 19), every other structured type at 1.000; heldout10 (after an eighth round): phone P 0.921 /");
        text.AppendLine("R 0.951, IP 0.917 / 0.943, secret 0.931 / 0.871, SSN recall 0.955, address recall 0.643. Person stayed above 0.85 on");
        text.AppendLine("every blind corpus until heldout12; address until heldout10, whose 28 addresses come from 21 countries. heldout11 (after a ninth");
        text.AppendLine("round): phone P 0.981 / R 0.963, IP precision 0.974, secret recall 0.935 (two misses in 31), address recall 0.735 (34");
        text.AppendLine("addresses from 23 countries), every other structured type at 1.000: the first blind corpus on which phone precision");
        text.AppendLine("meets its target, and recall still short on phones, secrets and addresses. heldout12 (after a tenth round, on phones");
        text.AppendLine("only): phone P 0.943 / R 0.943, IP recall 0.974, secret 0.974 / 0.950, address 0.826 / 0.500 (38 addresses from 33");
        text.AppendLine("countries), person 0.909 / 0.838, every other structured type at 1.000. Addresses from countries the recognizers have");
        text.AppendLine("no layout for are the detector's plainest weakness; phones stay a few points under both targets. heldout13 (after an");
        text.AppendLine("eleventh round: phone and reference words in more languages, a table of 61 country address layouts): phone P 0.985 /");
        text.AppendLine("R 0.977, IP recall 0.947 (two misses in 38), secret 0.975 / 0.975, address 0.787 / 0.673 (55 addresses from 44");
        text.AppendLine("countries; 0.724 / 0.382 before the round), person 0.864 / 0.833, every other structured type at target. heldout14");
        text.AppendLine("(after a twelfth round: names in structured data, a second pass over the address reader): every type at its target");
        text.AppendLine("except phone recall 0.972 (four misses in 141) and secret recall 0.974 (one miss in 38); address 0.962 / 0.862 (58");
        text.AppendLine("addresses from 50 countries), person 0.915 / 0.894, IP 0.951 / 1.000, phone precision 0.979. heldout15 (after a");
        text.AppendLine("thirteenth round, on phones, secrets and IPs): phone P 0.896 / R 0.974 (thirteen reference numbers taken for phones),");
        text.AppendLine("secret recall 0.925, address 0.951 / 0.750, person 0.885 / 0.790, DOB 0.950 / 0.950, every other type at target.");
        text.AppendLine("heldout16 (after a fourteenth round: identifier labels in any script, chat speakers, names in records, lower-case unit");
        text.AppendLine("words): address 1.000 / 0.919 and person 0.880 / 0.914, both at target; phone");
        text.AppendLine("P 0.989 / R 0.949, SSN 0.938 / 0.938, IP recall 0.946, secret recall 0.947 (one or two misses each). heldout17 (after");
        text.AppendLine("a fifteenth round): every type at target but two, card precision 0.900 (two published sandbox numbers in a test table)");
        text.AppendLine("and secret recall 0.974 (one miss in 39); phone 0.964 / 0.982, address 0.979 / 0.958, person 0.947 / 0.969.");
        text.AppendLine("heldout18 (after a sixteenth round): every type at target but one, SSN recall 0.824 (three misses in 17: two in a list");
        text.AppendLine("under a surname that is also a reference word, one grouped with spaces far from the word SSN); phone 0.970 / 0.980,");
        text.AppendLine("address 0.935 / 0.935, person 0.944 / 0.944. heldout19 (after a seventeenth round): every type at target but three,");
        text.AppendLine("IP precision 0.921 (three firmware versions in a table), secret recall 0.951 (two misses in 41) and address recall");
        text.AppendLine("0.837; phone 0.982 / 0.982, SSN 1.000 / 1.000, person 0.956 / 0.938. heldout20 (after an eighteenth round): every");
        text.AppendLine("type at target but two, secret recall 0.974 (one miss in 39) and address 0.870 / 0.833; phone 0.966 / 1.000, IP,");
        text.AppendLine("SSN, card, IBAN, email and dates of birth 1.000 / 1.000, person 0.913 / 0.923. heldout21 (after a nineteenth round):");
        text.AppendLine("**every type at its target**, the first blind corpus to be: phone 0.984 / 1.000, every other structured type, URLs and");
        text.AppendLine("dates of birth 1.000 / 1.000, address 0.940 / 0.922 (51 addresses from 42 countries), person 0.917 / 0.895. With 15 to");
        text.AppendLine("40 labels a structured type misses its 0.98 recall target on a single miss: heldout16 to heldout20 each failed on one to");
        text.AppendLine("three values, on a different type each time, so one corpus at every target says the detector is at the targets' edge,");
        text.AppendLine("not safely past it.");
        text.AppendLine();
        foreach (var (title, split) in new[]
        {
            ("Dev split (tuned on)", "dev"),
            ("Held-out split (looked at once, see the notes below)", "holdout"),
            ("Fresh held-out split (written after that look, never tuned on)", "fresh"),
            ("All cases", (string?)null),
        })
        {
            var subset = cases.Where(c => split is null || c.Split == split).ToList();
            text.Append(Table(detector, title, subset));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout2, out var heldout2) && heldout2.Count > 0)
        {
            text.AppendLine("The **second held-out corpus** (`Corpus/heldout2.jsonl`, built by `build_heldout2.py` from `heldout2.src.txt`) was written by hand");
            text.AppendLine("by someone who had not seen the recognizers or the corpus above, in varied prompt shapes (emails, tickets, CRM notes, chat");
            text.AppendLine("logs, minutes, letters, intake forms, code reviews, logs, CSV, JSON), with names from many cultures, addresses from twelve");
            text.AppendLine("countries and its own traps. It is not part of \"All cases\"; its labelling conventions are in `Corpus/heldout2.md`.");
            text.AppendLine();
            text.AppendLine("It was measured blind twice. The first measurement (person P 0.882 / R 0.852; address P 0.905 / R 0.442; phone");
            text.AppendLine("P 0.943; IP P 0.850; secret R 0.938) showed that Canadian, Australian, Indian, Brazilian and Japanese addresses and");
            text.AppendLine("multi-line addresses were not recognised at all. Only that aggregate was passed on; the address recognizer learned those");
            text.AppendLine("formats from general knowledge, and the second measurement (cases still unread) was:");
            text.AppendLine();
            FrozenTable(
                text,
                ("Phone", 50, "0.943", "1.000", "0.988"),
                ("IpAddress", 17, "0.850", "1.000", "0.966"),
                ("Secret", 16, "1.000", "0.938", "0.949"),
                ("DateOfBirth", 26, "1.000", "0.923", "0.938"),
                ("Address", 129, "0.929", "0.806", "0.828"),
                ("Person", 378, "0.897", "0.852", "0.861"));
            text.AppendLine();
            text.AppendLine("(Email, CreditCard, Iban, UsSsn and UrlWithCredentials were already at 1.000 / 1.000.) **Since then heldout2 is a tuning");
            text.AppendLine("set, not a held-out one**: its misses other than names (`-- misses heldout2`) were read, and each was taken as a class of");
            text.AppendLine("inputs to cover broadly with examples of our own (`RecognizerClassTests`): vendor key formats and placeholders, CIDR");
            text.AppendLine("networks, netmasks and versions, phone look-alikes (timestamps, identifiers, house numbers, amounts), building and unit");
            text.AppendLine("lines before a street, floors and doors, streets without a type word, large-to-small Japanese addresses, Indian");
            text.AppendLine("addresses without a street word, `d.o.b.` and birth-date table columns. One label convention was taken from it: a network");
            text.AppendLine("written as a CIDR range (`10.0.0.0/16`, host bits zero) is not an IP address, so the main corpus no longer labels one.");
            text.AppendLine("The table below is therefore optimistic for every type but Person (whose misses were not read), and the tests now");
            text.AppendLine("assert its targets for those types. The next blind measurement is a third held-out corpus.");
            text.AppendLine();
            text.Append(Table(detector, "Second held-out corpus (heldout2, tuned on except for names)", heldout2));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout3, out var heldout3) && heldout3.Count > 0)
        {
            text.AppendLine("The **third held-out corpus** (`Corpus/heldout3.jsonl`, built by `build_heldout3.py` from `heldout3.src.txt`) was written by hand");
            text.AppendLine("after the second one had been read for tuning, by someone who read neither the recognizers, their lists nor the cases of any");
            text.AppendLine("corpus above, and who never ran the detector on it. It stresses the structured types (phones from many countries, cards,");
            text.AppendLine("IBANs from over thirty countries, IPv6, URLs with credentials, many kinds of secrets, dates of birth in many formats) and");
            text.AppendLine("holds at least 100 traps; its labelling conventions are in `Corpus/heldout3.md`. It is not part of \"All cases\".");
            text.AppendLine();
            text.AppendLine("It was measured twice, blind both times: first with the recognizers as they were before the heldout2 tuning round");
            text.AppendLine("above, then after it (the table below). The first measurement, for the types that were short of a target:");
            text.AppendLine();
            FrozenTable(
                text,
                ("Phone", 73, "0.780", "0.973", "0.927"),
                ("CreditCard", 31, "1.000", "0.968", "0.974"),
                ("IpAddress", 50, "0.640", "0.960", "0.873"),
                ("Secret", 46, "0.840", "0.913", "0.897"),
                ("DateOfBirth", 34, "0.885", "0.676", "0.710"),
                ("Address", 69, "0.898", "0.768", "0.791"));
            text.AppendLine();
            text.AppendLine("So the tuning round generalised (phone and IP precision, birth dates, addresses) but the structured targets are still");
            text.AppendLine("missed on text nobody tuned on: phone, card, IP and secret are below recall 0.98 or precision 0.95.");
            text.AppendLine();
            // The second blind measurement, kept as it was printed (the detector has been tuned on this corpus since).
            text.AppendLine("## Third held-out corpus (heldout3, cases never read): 331 cases, 104 traps");
            text.AppendLine();
            text.AppendLine("| entity | labels | TP | FP | FN | precision | recall | F2 | target (P / R) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            text.AppendLine("| Email | 42 | 42 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.95 / 0.98 |");
            text.AppendLine("| Phone | 73 | 70 | 4 | 3 | 0.946 | 0.959 | 0.956 | 0.95 / 0.98 |");
            text.AppendLine("| CreditCard | 31 | 30 | 0 | 1 | 1.000 | 0.968 | 0.974 | 0.95 / 0.98 |");
            text.AppendLine("| Iban | 34 | 34 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.95 / 0.98 |");
            text.AppendLine("| UsSsn | 20 | 20 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.95 / 0.98 |");
            text.AppendLine("| IpAddress | 50 | 47 | 7 | 3 | 0.870 | 0.940 | 0.925 | 0.95 / 0.98 |");
            text.AppendLine("| UrlWithCredentials | 22 | 21 | 1 | 1 | 0.955 | 0.955 | 0.955 | 0.90 / 0.90 |");
            text.AppendLine("| Secret | 46 | 44 | 9 | 2 | 0.830 | 0.957 | 0.928 | 0.95 / 0.98 |");
            text.AppendLine("| DateOfBirth | 34 | 30 | 0 | 4 | 1.000 | 0.882 | 0.904 | 0.90 / 0.90 |");
            text.AppendLine("| Address | 69 | 59 | 3 | 10 | 0.952 | 0.855 | 0.873 | 0.85 / 0.85 |");
            text.AppendLine("| Person | 206 | 190 | 14 | 16 | 0.931 | 0.922 | 0.924 | 0.85 / 0.85 |");
            text.AppendLine();
            text.AppendLine("**Since then heldout3 is a tuning set too.** Its misses of the structured types and birth dates (`-- misses heldout3`)");
            text.AppendLine("were read after the table above was taken, and each one was classed as a detector error or a labelling convention the");
            text.AppendLine("detector did not follow. Detector errors were fixed as classes of inputs, with examples of our own in");
            text.AppendLine("`RecognizerClassTests`: an IPv6 address followed by a port after a ninth colon (`ss` output) or by a sentence colon");
            text.AppendLine("(`ping`); an address after a mask that an address word names (`netmask 255.255.255.0, router 192.168.1.1`); a dotted");
            text.AppendLine("quad the text calls a version at one mention is a version at all; a bracket wrapping a whole phone number is not part of");
            text.AppendLine("it; list items under a reference heading (`Part numbers:`), tracking-code groups and OIDs are not phones; a phone word");
            text.AppendLine("earlier in the clause outweighs a reference word that does not name the number; numbers in ranges the phone metadata");
            text.AppendLine("lacks (UK `07700 900…`) count with a strong phone word; a sixteen-digit Luhn-valid number called a card counts outside");
            text.AppendLine("the issuer ranges we know (JCB `3527`); column-aligned assignments (`db_password     = \"…\"`) and `password for the");
            text.AppendLine("vendor portal: …`; vendor-prefixed stand-ins without a digit (`xoxb-test-token`); birth-date lists under a heading");
            text.AppendLine("(`Birthdays …: A 1994-03-03; B …`) and CJK dates (`1988年5月14日`).");
            text.AppendLine();
            text.AppendLine("Convention decisions, now the same in the main corpus, heldout2 and heldout3 (`Corpus/heldout2.md`, `Corpus/heldout3.md`):");
            text.AppendLine();
            text.AppendLine("- Loopback and unspecified addresses (`127.0.0.1`, `::1`, `0.0.0.0`) are not PII: they name \"this machine\" on every");
            text.AppendLine("  host. The detector no longer reports loopback (it did; no corpus labelled it).");
            text.AppendLine("- Link-local `fe80::` host addresses are IP addresses: an EUI-64 interface id embeds the MAC address. The main corpus");
            text.AppendLine("  labelled them, heldout3 did not; heldout3 now labels its one (51 IP labels instead of 50).");
            text.AppendLine("- A webhook URL whose path is its secret (Slack, Discord, Teams) is a URL with credentials, reported whole, not a");
            text.AppendLine("  Secret (heldout3's convention; no other corpus had one). Either type is redacted, so this changes the placeholder");
            text.AppendLine("  name, not what leaks.");
            text.AppendLine("- Public or sample values are not secrets: the documented AWS example keys (`…EXAMPLE`, `…EXAMPLEKEY`), Stripe");
            text.AppendLine("  publishable keys (`pk_live_`, public by design), Twilio account SIDs (`AC…`, an account identifier) and URLs whose");
            text.AppendLine("  user-info is a placeholder (`user:password@localhost`). The detector reported them; none was labelled anywhere.");
            text.AppendLine();
            text.AppendLine("The table below is what the detector does now. It was measured after reading the cases, so it is a tuning figure, not");
            text.AppendLine("a blind one; the blind figures are the two tables above. The next blind measurement needs a fourth corpus.");
            text.AppendLine();
            text.Append(Table(detector, "Third held-out corpus (heldout3, tuned on except for names and addresses)", heldout3));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout4, out var heldout4) && heldout4.Count > 0)
        {
            text.AppendLine("The **fourth held-out corpus** (`Corpus/heldout4.jsonl`, built by `build_heldout4.py` from `heldout4.src.txt`) was written by hand");
            text.AppendLine("after heldout3 had been read for tuning, by someone who read neither the recognizers, their lists nor the cases of any corpus");
            text.AppendLine("above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout3.md` as settled after");
            text.AppendLine("that round (see `Corpus/heldout4.md`) and is not part of \"All cases\". It was measured once, blind:");
            text.AppendLine();
            // The blind measurement, kept as it was printed (the detector has been tuned on this corpus since).
            text.AppendLine("## Fourth held-out corpus (heldout4, cases never read): 223 cases, 75 traps");
            text.AppendLine();
            text.AppendLine("| entity | labels | TP | FP | FN | precision | recall | F2 | target (P / R) |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            text.AppendLine("| Email | 30 | 30 | 1 | 0 | 0.968 | 1.000 | 0.993 | 0.95 / 0.98 |");
            text.AppendLine("| Phone | 75 | 72 | 6 | 3 | 0.923 | 0.960 | 0.952 | 0.95 / 0.98 |");
            text.AppendLine("| CreditCard | 23 | 23 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.95 / 0.98 |");
            text.AppendLine("| Iban | 27 | 27 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.95 / 0.98 |");
            text.AppendLine("| UsSsn | 12 | 10 | 0 | 2 | 1.000 | 0.833 | 0.862 | 0.95 / 0.98 |");
            text.AppendLine("| IpAddress | 57 | 57 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.95 / 0.98 |");
            text.AppendLine("| UrlWithCredentials | 16 | 16 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.90 / 0.90 |");
            text.AppendLine("| Secret | 38 | 34 | 0 | 4 | 1.000 | 0.895 | 0.914 | 0.95 / 0.98 |");
            text.AppendLine("| DateOfBirth | 33 | 33 | 0 | 0 | 1.000 | 1.000 | 1.000 | 0.90 / 0.90 |");
            text.AppendLine("| Address | 40 | 36 | 3 | 4 | 0.923 | 0.900 | 0.905 | 0.85 / 0.85 |");
            text.AppendLine("| Person | 172 | 158 | 16 | 14 | 0.908 | 0.919 | 0.916 | 0.85 / 0.85 |");
            text.AppendLine();
            text.AppendLine("**Since then heldout4 is a tuning set too.** Its misses were read and fixed as classes of inputs, with examples of our");
            text.AppendLine("own in `RecognizerClassTests`: the nearest cue word in a phone number's clause decides (a reference word on the line");
            text.AppendLine("before, or before a sentence end, no longer vetoes a phone; `waybill 3329…` after a phone line is a waybill); `<kind>");
            text.AppendLine("number is …` (company, VAT, registration) names a reference; a list heading naming references anywhere in it (`Part");
            text.AppendLine("numbers on the BOM:`); an address ends at a postcode that ends a sentence and keeps a trailing `Room`/`Suite`; an SSN in");
            text.AppendLine("a table column whose header names it, in any layout (compact, spaced); passwords as redis directives (`requirepass`,");
            text.AppendLine("`sentinel auth-pass <master> …`), HTTP Basic values checked by decoding them to `user:password`, `user / password`");
            text.AppendLine("pairs after a login word, and a password named outright outweighing a name-like word.");
            text.AppendLine();
            text.AppendLine("Convention decision: a role mailbox (`accounts@…`) is an Email, as `Corpus/heldout3.md` says; heldout4 left one in a");
            text.AppendLine("`To:` header unlabelled and labelled another (`ar@…`). It is now labelled (31 emails instead of 30).");
            text.AppendLine();
            text.AppendLine("The table below is what the detector does now. It was measured after reading the cases, so it is a tuning figure, not");
            text.AppendLine("a blind one; the blind figures are the table above. The next blind measurement needs a fifth corpus.");
            text.AppendLine();
            text.Append(Table(detector, "Fourth held-out corpus (heldout4, tuned on, not blind)", heldout4));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout5, out var heldout5) && heldout5.Count > 0)
        {
            text.AppendLine("The **fifth held-out corpus** (`Corpus/heldout5.jsonl`, built by `build_heldout5.py` from `heldout5.src.txt`) was written by hand");
            text.AppendLine("after heldout2 to heldout4 had been read for tuning, by someone who read neither the recognizers, their lists nor the cases");
            text.AppendLine("of any corpus above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout2.md`,");
            text.AppendLine("`heldout3.md` and `heldout4.md` (see `Corpus/heldout5.md`) and is not part of \"All cases\". Its author read the first");
            text.AppendLine("few cases of heldout4 to learn the format, nothing of the recognizers. It was measured once, blind, after the heldout4");
            text.AppendLine("round; that measurement, kept here as it was:");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 22, "0.917", "1.000", "0.982"),
                ("Phone", 56, "0.903", "1.000", "0.979"),
                ("CreditCard", 25, "1.000", "1.000", "1.000"),
                ("Iban", 19, "1.000", "1.000", "1.000"),
                ("UsSsn", 22, "0.957", "1.000", "0.991"),
                ("IpAddress", 36, "1.000", "1.000", "1.000"),
                ("UrlWithCredentials", 15, "1.000", "1.000", "1.000"),
                ("Secret", 44, "1.000", "1.000", "1.000"),
                ("DateOfBirth", 25, "1.000", "1.000", "1.000"),
                ("Address", 38, "0.917", "0.868", "0.878"),
                ("Person", 145, "0.891", "0.903", "0.901"));
            text.AppendLine();
            text.AppendLine("Every recall target is met on it, and every precision target but two: email (2 false positives) and phone (6).");
            text.AppendLine("Those eight were read afterwards (nothing was tuned on them). Detector errors: `git@github.com` in an SSH remote");
            text.AppendLine("taken for an email; an access log's status and byte count, an SNMP timetick and the digit groups of two IBAN-shaped");
            text.AppendLine("strings that fail mod 97 taken for phones. Labels that miss the corpus's own conventions: a role mailbox");
            text.AppendLine("(`procurement@…`, an email by heldout3.md's rule) and a fax number. Judgement calls: a tutorial's `555-0100` and a");
            text.AppendLine("mistyped SSN beside the correct one (both redacted, neither labelled). Counting the two convention slips as labels,");
            text.AppendLine("email precision would be 0.958 and phone 0.919: phone precision is short either way. The misses of Person and");
            text.AppendLine("Address were not read.");
            text.AppendLine();
            text.AppendLine("**Since then heldout5 is a tuning set too.** Its false positives were fixed as classes, with examples of our own in");
            text.AppendLine("`PhonePrecisionClassTests` and `EmailPrecisionClassTests`: a login at a host in a protocol form (`git@host:org/repo.git`,");
            text.AppendLine("`user@host:/path`, `ssh://user@host/…`, the `git@`/`hg@` service accounts) is not an email, while `mailbox@host: text` and");
            text.AppendLine("`email:password` pairs still are; digit groups continuing an IBAN-shaped string (`CC00 BANK …`) that fails mod 97, an HTTP");
            text.AppendLine("status and byte count after a request line or on a line naming HTTP, a bracket of more than five digits (SNMP timeticks)");
            text.AppendLine("and numbers named by machine-output words (status, duration, timeout, size, offset, uptime, counter, thread, revision)");
            text.AppendLine("are not phones; a short local number in a clause that declares its values fake is not either.");
            text.AppendLine();
            text.AppendLine("Label decisions (see `Corpus/heldout4.md` and `Corpus/heldout5.md`): the role mailbox and the fax number are now labelled;");
            text.AppendLine("the mistyped SSN beside the correct one is labelled (it discloses the real one but for a digit swap); the tutorial's");
            text.AppendLine("declared-fake `555-0100` stays unlabelled. The table below is a tuning figure, not a blind one; the blind figures are the");
            text.AppendLine("table above. The next blind measurement needs a sixth corpus.");
            text.AppendLine();
            text.Append(Table(detector, "Fifth held-out corpus (heldout5, tuned on, not blind)", heldout5));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout6, out var heldout6) && heldout6.Count > 0)
        {
            text.AppendLine("The **sixth held-out corpus** (`Corpus/heldout6.jsonl`, built by `build_heldout6.py` from `heldout6.src.txt`) was written by hand");
            text.AppendLine("after heldout5 had been measured, by someone who read neither the recognizers, their lists nor the cases of any corpus");
            text.AppendLine("above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout2.md` to");
            text.AppendLine("`heldout5.md` (see `Corpus/heldout6.md`), stresses the precision of phones and emails with traps full of digit runs and");
            text.AppendLine("email-like strings, and is not part of \"All cases\". Measured once, blind, after the heldout5 round (kept as it was):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 22, "1.000", "1.000", "1.000"),
                ("Phone", 58, "0.964", "0.931", "0.938"),
                ("CreditCard", 16, "1.000", "1.000", "1.000"),
                ("Iban", 17, "1.000", "1.000", "1.000"),
                ("UsSsn", 15, "1.000", "1.000", "1.000"),
                ("IpAddress", 24, "1.000", "1.000", "1.000"),
                ("UrlWithCredentials", 12, "1.000", "1.000", "1.000"),
                ("Secret", 30, "0.967", "0.967", "0.967"),
                ("DateOfBirth", 20, "1.000", "1.000", "1.000"),
                ("Address", 30, "0.929", "0.867", "0.878"),
                ("Person", 110, "0.928", "0.936", "0.935"));
            text.AppendLine();
            text.AppendLine("The phone-precision round worked (0.903 → 0.964 blind) but cost recall: of the four phones missed, three are in");
            text.AppendLine("international form after a plain phone cue (`Callback number +34 …`, `Phone on account: +84 …`, a `+44` number in a");
            text.AppendLine("Mobile column) and were lost to rules that let a nearby reference word (order, account) veto a number; the fourth is a");
            text.AppendLine("Japanese national number with no cue. The two phone false positives are a DUNS number and a cost-centre code; the");
            text.AppendLine("secret false positive a meeting passcode the corpus leaves unlabelled, the secret miss a Wi-Fi password given in chat.");
            text.AppendLine("These misses were then read and a round was tuned on them: a `+CC` number, a number in a table column headed by a");
            text.AppendLine("phone word and a number after `callback` are phones even with a reference word elsewhere in the sentence (only a");
            text.AppendLine("reference word that names the number vetoes it); `Phone on account:` names the number by its phone word; DUNS,");
            text.AppendLine("cost-centre and grant numbers are identifiers; a password answered in chat (`it's X` after a password word) is a");
            text.AppendLine("secret. Tuned (not blind): phone P 1.000 / R 0.983 (the Japanese number after `booking (` is still vetoed), secret");
            text.AppendLine("P 0.968 / R 1.000 (the meeting passcode, which no convention settles, is still reported).");
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout7, out var heldout7) && heldout7.Count > 0)
        {
            text.AppendLine("The **seventh held-out corpus** (`Corpus/heldout7.jsonl`, built by `build_heldout7.py` from `heldout7.src.txt`) was written");
            text.AppendLine("by hand after heldout6 had been measured, by someone who read neither the recognizers, their lists nor the cases of any");
            text.AppendLine("corpus above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout2.md` to");
            text.AppendLine("`heldout6.md` (see `Corpus/heldout7.md`), stresses phone recall (international numbers beside order, account, card and");
            text.AppendLine("invoice references; national numbers with and without cues; tables and signatures) and phone precision (traps full of");
            text.AppendLine("digit runs), and secrets given in prose and chat as well as config. It is not part of \"All cases\". Measured once,");
            text.AppendLine("blind, after the heldout6 round (kept as it was; its misses have not been read):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 20, "1.000", "1.000", "1.000"),
                ("Phone", 61, "0.906", "0.951", "0.942"),
                ("CreditCard", 18, "1.000", "1.000", "1.000"),
                ("Iban", 18, "1.000", "1.000", "1.000"),
                ("UsSsn", 15, "1.000", "1.000", "1.000"),
                ("IpAddress", 23, "0.920", "1.000", "0.983"),
                ("UrlWithCredentials", 11, "1.000", "0.909", "0.926"),
                ("Secret", 31, "1.000", "1.000", "1.000"),
                ("DateOfBirth", 17, "1.000", "1.000", "1.000"),
                ("Address", 30, "1.000", "0.900", "0.918"),
                ("Person", 109, "0.961", "0.908", "0.918"));
            text.AppendLine();
            text.AppendLine("Phones are the type that falls short on every blind corpus (precision 0.90–0.96, recall 0.93–1.00 over heldout3 to");
            text.AppendLine("heldout7): each round fixes the look-alikes and layouts its corpus showed, and the next corpus brings others. Rules on");
            text.AppendLine("cue words and layouts have reached their limit there; a better phone detector needs a different method (e.g. scoring");
            text.AppendLine("every candidate on layout, region validity and context together), not more rules.");
            text.AppendLine();
            text.AppendLine("After that blind measurement heldout7 was read and tuned on: the table below is **not blind**.");
            text.AppendLine();
            text.Append(Table(detector, "Seventh held-out corpus (heldout7, tuned on, not blind)", heldout7));
            text.AppendLine();
            text.AppendLine("**Phone scoring.** The phone decision is no longer a chain of vetoes: every candidate digit run (7 to 15 digits, not a");
            text.AppendLine("date, version or Luhn-valid card shape) gets features and a weighted sum (`PhoneScore`, all weights in one place), clipped");
            text.AppendLine("to [0, 1] and kept when it reaches the phone threshold (0.5 by default; `PiiDetectorOptions.Thresholds`). Number features,");
            text.AppendLine("from libphonenumber: valid in international form +0.75, valid for a configured region +0.30, only of a possible length");
            text.AppendLine("+0.15 (no candidate otherwise), a known number type +0.05, two or more groups with nine digits or more +0.20, grouping");
            text.AppendLine("that follows the region's standard national or international formatting +0.10 (the region whose grouping the text");
            text.AppendLine("follows is preferred when several validate it), three or more groups no region formats that way and no trunk 0 −0.30.");
            text.AppendLine("Context features: a phone word within six words before or one after, or a phone column heading +0.35; the nearest cue");
            text.AppendLine("word being a phone word +0.15; the nearest being a reference word (order, invoice, account, VAT, …) −0.90; a reference");
            text.AppendLine("word within three words or a list heading naming references −0.30; a year-prefixed run (2024/88173) −0.40; a number");
            text.AppendLine("sign (n., no., nr., #) right before it not after a phone word −0.40; digits that belong to another token (identifier,");
            text.AppendLine("time, path, IBAN-shaped string, log output, amount or count) or a short number declared fake −1.0. Weights were set on");
            text.AppendLine("the main corpus and heldout2 to heldout7 together. The score is the entity's score (`redact` prints it). Added after");
            text.AppendLine("heldout9: a label right before the number that is not a phone word counts against it (an acronym of two to six capitals");
            text.AppendLine("such as CUIT, NIP, REGON −0.35; a word before a colon, or a word before \"number\", such as `Pedido:` or `loyalty number`");
            text.AppendLine("−0.15) and silences any phone word further back, unless the number is valid in international form; a last group of");
            text.AppendLine("one digit (a check digit; `-0`, a German switchboard, excepted) −0.30.");
            text.AppendLine();
            if (heldout.Count == HeldoutCorpora.Count)
            {
                PhoneWeights(text, detector as PiiDetector ?? new PiiDetector(), cases, heldout);
            }
        }

        if (heldout is not null && heldout.TryGetValue(Heldout8, out var heldout8) && heldout8.Count > 0)
        {
            text.AppendLine("The **eighth held-out corpus** (`Corpus/heldout8.jsonl`, built by `build_heldout8.py` from `heldout8.src.txt`) was written");
            text.AppendLine("by hand after heldout7 had been measured, by someone who read neither the recognizers, their lists nor the cases of any");
            text.AppendLine("corpus above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout2.md` to");
            text.AppendLine("`heldout7.md` (see `Corpus/heldout8.md`) and was written to judge the scoring phone detector and the IP precision work:");
            text.AppendLine("phones of many regions (MX, AR, PL, SE, CH, AT, IE, ZA, KR, SG, AE, NZ, PT, BE among them) in prose, tables, signatures,");
            text.AppendLine("CSV, JSON, vCards, chat and call logs, with and without cues and beside reference words; traps full of digit runs that");
            text.AppendLine("are not phones; IPs beside versions, OIDs, CIDR networks, masks and build numbers. It is not part of \"All cases\".");
            text.AppendLine("Measured once, blind, after the phone scoring and IP round (kept as it was measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 21, "0.955", "1.000", "0.991"),
                ("Phone", 89, "0.920", "0.910", "0.912"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 15, "1.000", "1.000", "1.000"),
                ("UsSsn", 15, "1.000", "1.000", "1.000"),
                ("IpAddress", 35, "0.833", "1.000", "0.962"),
                ("UrlWithCredentials", 13, "1.000", "0.846", "0.873"),
                ("Secret", 35, "0.971", "0.971", "0.971"),
                ("DateOfBirth", 19, "0.950", "1.000", "0.990"),
                ("Address", 29, "0.926", "0.862", "0.874"),
                ("Person", 126, "0.935", "0.913", "0.917"));
            text.AppendLine();
            text.AppendLine("The scoring detector did not carry phones to their targets on text nobody tuned on: precision 0.920 (7 false");
            text.AppendLine("positives: company registration and VAT numbers, a reservation code, git progress counters, process tables) and");
            text.AppendLine("recall 0.910 (8 misses: E.164 numbers without spaces inside key=value log fields, Korean, Emirati and Mexican national");
            text.AppendLine("layouts, numbers in a CSV call log). IP precision fell to 0.833: four-part firmware and version numbers in a list, an");
            text.AppendLine("IPv6 loopback with a port. URLs with credentials missed two whose passwords hold `#` or `!`.");
            text.AppendLine();
            text.AppendLine("After that blind measurement heldout8 was read and tuned on: the table below is **not blind**. Classes fixed, each by a");
            text.AppendLine("feature rather than a case: an international number after `=` is no amount; a phone word naming a grouped, trunk-prefixed");
            text.AppendLine("number lets regions outside the configured list validate it (KR, AE, …); the old Mexican mobile `1` after +52; a CSV");
            text.AppendLine("column headed `number`; single capital labels of signature blocks (T, M, F); a full stop after digits ends a sentence");
            text.AppendLine("when a capital follows; not phones: a two-letter country code before the digits (VAT and registration numbers), an");
            text.AppendLine("`n/n` counter, groups separated by two spaces or more (table rows), the EIN shape `dd-ddddddd`, reservation codes. IPs:");
            text.AppendLine("public-looking dotted numbers on a line or sentence about versions (firmware, version, rev, release, build) are versions");
            text.AppendLine("unless an address word names them; `::1:port` is loopback. URL user information runs to the last `@` before the path.");
            text.AppendLine("Secrets: a password-like first word on the chat line after a question naming a password; a digits-only passcode beside");
            text.AppendLine("a meeting is not reported. Birth dates: a date right after an event word (seen, visit, admitted, signed) is not one.");
            text.AppendLine();
            text.Append(Table(detector, "Eighth held-out corpus (heldout8, tuned on, not blind)", heldout8));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout9, out var heldout9) && heldout9.Count > 0)
        {
            text.AppendLine("The **ninth held-out corpus** (`Corpus/heldout9.jsonl`, built by `build_heldout9.py` from `heldout9.src.txt`) was written");
            text.AppendLine("by hand after heldout8 had been measured, by someone who read neither the recognizers, their lists nor the cases of any");
            text.AppendLine("corpus above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout2.md` to");
            text.AppendLine("`heldout8.md` (see `Corpus/heldout9.md`) and was written to judge the phone, IP, URL-with-credentials and secret work");
            text.AppendLine("done on heldout8's misses: phones of many regions (MX, AR, PL, SE, CH, AT, IE, ZA, KR, SG, AE, NZ, PT, BE among them) in");
            text.AppendLine("prose, tables, signatures, CSV, JSON, vCards, chat and call logs, with and without cues and beside reference words;");
            text.AppendLine("traps full of digit runs that are not phones; IPs beside versions, OIDs, CIDR networks, masks and build numbers;");
            text.AppendLine("secrets in prose and chat as well as config. It is not part of \"All cases\". Measured once, blind, after the");
            text.AppendLine("heldout8 round (kept as it was measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 26, "1.000", "1.000", "1.000"),
                ("Phone", 126, "0.924", "0.960", "0.953"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 19, "1.000", "1.000", "1.000"),
                ("UsSsn", 19, "1.000", "0.947", "0.957"),
                ("IpAddress", 46, "0.939", "1.000", "0.987"),
                ("UrlWithCredentials", 16, "1.000", "1.000", "1.000"),
                ("Secret", 41, "1.000", "1.000", "1.000"),
                ("DateOfBirth", 23, "1.000", "0.957", "0.965"),
                ("Address", 35, "1.000", "0.857", "0.882"),
                ("Person", 150, "0.926", "0.913", "0.916"));
            text.AppendLine();
            text.AppendLine("Phones again fall short blind: 10 false positives, nearly all identifiers named by a label the detector does not");
            text.AppendLine("know in that language (Argentine CUIT, Polish NIP and REGON, a Brazilian order number after `Pedido:`, part and");
            text.AppendLine("loyalty numbers, lottery numbers), and 5 misses (an Argentine mobile in national form, a Japanese Osaka number, two");
            text.AppendLine("Mexico City numbers after `Seguimiento:`, a UK E.164 number from the drama range in a log field). IP: three firmware");
            text.AppendLine("versions in an upgrade report. SSN: one given with spaces in a chat answer. After three scoring rounds, blind phone");
            text.AppendLine("precision stays at 0.92 while recall rose to 0.96: the false positives are other identifiers whose names the");
            text.AppendLine("detector would have to know in every language; a learned model of context, not more words, is the next step.");
            text.AppendLine();
            text.AppendLine("After that blind measurement heldout9 was read and tuned on: the table below is **not blind**. Classes fixed, each by a");
            text.AppendLine("general feature rather than a word list: a label right before a number that is not a phone word (an acronym, a word");
            text.AppendLine("before a colon or before \"number\") counts against it and outweighs a phone word further back; a one-digit last group is");
            text.AppendLine("a check digit; six or more two-digit groups are a draw, not a phone; a capital after a lower-case word heads a part code;");
            text.AppendLine("a spaced slash after a whole number separates two numbers; a bracket opened and not closed inside a run ends it; a");
            text.AppendLine("trunk-prefixed run is never a card (no card starts with 0); regions outside the configured list (now with AR) validate");
            text.AppendLine("a number of ten digits or more in three groups or more when it is printed in that region's own layout; an international");
            text.AppendLine("number of a possible length in a phone-ish key=value field (to=, from=, msisdn=) is named by the key. IPs: upgrade,");
            text.AppendLine("downgrade, rollback and hotfix reports are about versions. SSN: a number opening the answer to a question that names");
            text.AppendLine("SSN. Birth dates: a birth cue earlier in the same sentence (up to sixteen words, no number between) names the date.");
            text.AppendLine();
            text.Append(Table(detector, "Ninth held-out corpus (heldout9, tuned on, not blind)", heldout9));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout10, out var heldout10) && heldout10.Count > 0)
        {
            text.AppendLine("The **tenth held-out corpus** (`Corpus/heldout10.jsonl`, built by `build_heldout10.py` from `heldout10.src.txt`) was");
            text.AppendLine("written by hand after heldout9 had been measured, by someone who read neither the recognizers, their lists nor the cases");
            text.AppendLine("of any corpus above, and who never ran the detector on it. It follows the labelling conventions of `Corpus/heldout2.md`");
            text.AppendLine("to `heldout9.md` (see `Corpus/heldout10.md`) and was written to judge the phone, IP, URL-with-credentials and secret");
            text.AppendLine("work done on heldout9's misses: phones of many regions (AR, CL, CO, PE, MX, PH, TH, MY, ID, VN, EG, MA, KE, NG, IL, GR,");
            text.AppendLine("CZ, HU, DK, FI, PL, SE, CH, AT, IE, ZA, KR, SG, AE, NZ, PT, BE among them) in prose, tables, signatures, CSV, JSON,");
            text.AppendLine("vCards, chat and call logs, with and without cues and beside identifiers named in many languages (tax, company,");
            text.AppendLine("customer, order, policy, part and loyalty numbers); traps full of digit runs that are not phones; IPs beside versions,");
            text.AppendLine("OIDs, CIDR networks, masks and build numbers; secrets in prose and chat as well as config. It is not part of \"All");
            text.AppendLine("cases\". Measured once, blind, after the heldout9 round (kept as it was measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 23, "1.000", "1.000", "1.000"),
                ("Phone", 123, "0.921", "0.951", "0.945"),
                ("CreditCard", 19, "1.000", "1.000", "1.000"),
                ("Iban", 17, "1.000", "1.000", "1.000"),
                ("UsSsn", 22, "1.000", "0.955", "0.963"),
                ("IpAddress", 35, "0.917", "0.943", "0.938"),
                ("UrlWithCredentials", 12, "1.000", "1.000", "1.000"),
                ("Secret", 31, "0.931", "0.871", "0.882"),
                ("DateOfBirth", 18, "1.000", "1.000", "1.000"),
                ("Address", 28, "1.000", "0.643", "0.692"),
                ("Person", 127, "0.965", "0.858", "0.878"));
            text.AppendLine();
            text.AppendLine("The heldout9 round (a label before a number counts against it, check digits, lottery draws, upgrade reports as");
            text.AppendLine("versions) did not carry over: phone precision stayed at 0.921 (10 false positives) and recall at 0.951; IP lost");
            text.AppendLine("precision and recall (0.917 / 0.943: an address in a sentence that also names a firmware version is now taken for a");
            text.AppendLine("version, and a documentation-range address in a mail log was reported); secrets fell to 0.931 / 0.871 (hex and");
            text.AppendLine("base64 values after `api_key`, `api_secret` and `http_basic` without `=` or `:`, a password after `admin /` whose");
            text.AppendLine("span took the sentence's full stop); one SSN with spaces; addresses fell to recall 0.643 (21 countries, most with");
            text.AppendLine("one address: Chile, Indonesia, Czechia, Ireland, South Africa, Japan, Mexico, Argentina, and post-office boxes).");
            text.AppendLine("Over heldout7 to heldout10 the blind phone precision has stayed at 0.91–0.92 whatever each round fixed: rules and");
            text.AppendLine("weights tuned on each corpus's misses do not reach the 0.95 / 0.98 targets on the next one.");
            text.AppendLine();
            text.AppendLine("Read after that measurement (so no longer blind): a version word now makes a version only within its own clause");
            text.AppendLine("(a semicolon ends one) and `v4` / `v6` name an address, since a missed address is the worse mistake for a redactor:");
            text.AppendLine("heldout10 IP recall 0.943 → 0.971, heldout9 IP precision 1.000 → 0.979 (\"stays on 16.12.10.1\" after a semicolon).");
            text.AppendLine("Secrets, read after it too: a credential-shaped value (sixteen characters or more, letters with digits, long hex or");
            text.AppendLine("random-looking) after a strongly secret-named key and a blank (`api_key 4c34…`, `http_basic ZGVw…`) is a secret; a");
            text.AppendLine("basic-auth key may carry a prefix (`http_basic`, `proxy_basic_auth`) and `Authorization: Basic` is checked by decoding;");
            text.AppendLine("a secret's span never ends with a full stop, comma or semicolon that ends the sentence; a meeting's digits-only");
            text.AppendLine("passcode stays unreported when a full stop follows it. Heldout10 secrets 0.931 / 0.871 → 1.000 / 1.000, heldout6");
            text.AppendLine("secret precision 0.968 → 1.000, no other corpus changed.");
            text.AppendLine("Addresses, read after it too: a street led by its street word (`Av.`, `Avenida`, `Calle`, `Jl.`, `Jalan`) with its");
            text.AppendLine("number after the name, then units (`oficina`, `piso`, `depto`), districts (`Col.`, `Kec.`), a postcode (four or five digits,");
            text.AppendLine("Argentine `C1045AAB`) and places in any order, kept only with a unit, a district, a postcode or two places; Czech and Slovak");
            text.AppendLine("`name 1511/230, 100 00 Town`; an Eircode after an English street; a bare four-digit postcode after a comma (South Africa);");
            text.AppendLine("post-office boxes (`Postfach`, `BP`, `PO Box`, `Apartado`, `Caixa Postal`) with a postcode and town; an ordinal floor");
            text.AppendLine("(`3rd Floor`) before a street; and Japanese block numbers no longer take a phone (`06-6341-2207`) for a block. Heldout10");
            text.AppendLine("address 1.000 / 0.643 → 1.000 / 1.000; heldout4 0.974 / 0.950 → 1.000 / 0.975, heldout6 0.929 / 0.867 → 0.931 / 0.900,");
            text.AppendLine("heldout7 recall 0.900 → 0.967, heldout8 0.926 / 0.862 → 0.929 / 0.897, heldout9 1.000 / 0.857 → 1.000 / 0.971; no other");
            text.AppendLine("corpus changed.");
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout11, out var heldout11) && heldout11.Count > 0)
        {
            text.AppendLine("The **eleventh held-out corpus** (`Corpus/heldout11.jsonl`, built by `build_heldout11.py` from `heldout11.src.txt`)");
            text.AppendLine("was written by hand after heldout10 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout10.md` (see `Corpus/heldout11.md`) and was written to judge the phone work done after");
            text.AppendLine("heldout10 and the detector as a whole: phones of many regions in prose, tables, signatures, CSV, JSON, YAML, vCards,");
            text.AppendLine("chat, call and SMS-gateway logs, with and without cues, beside identifiers named in many languages (tax, company,");
            text.AppendLine("customer, order, policy, part and loyalty numbers); traps full of digit runs that are not phones (log lines, amounts,");
            text.AppendLine("dates, coordinates, serials, tracking numbers, ISBNs, sort codes and account numbers); IPs beside versions, OIDs, CIDR");
            text.AppendLine("networks, masks and build numbers; secrets in prose and chat as well as config. It is not part of \"All cases\".");
            text.AppendLine("Measured once, blind, after the heldout10 round (kept as it was measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 27, "1.000", "1.000", "1.000"),
                ("Phone", 108, "0.981", "0.963", "0.967"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 20, "1.000", "1.000", "1.000"),
                ("UsSsn", 15, "1.000", "1.000", "1.000"),
                ("IpAddress", 38, "0.974", "1.000", "0.995"),
                ("UrlWithCredentials", 14, "1.000", "1.000", "1.000"),
                ("Secret", 31, "1.000", "0.935", "0.948"),
                ("DateOfBirth", 19, "1.000", "1.000", "1.000"),
                ("Address", 34, "0.962", "0.735", "0.772"),
                ("Person", 197, "0.966", "0.873", "0.890"));
            text.AppendLine();
            text.AppendLine("Read after that measurement (so no longer blind): all four missed phones were national numbers of a region not");
            text.AppendLine("configured (SG, DK, GR, PL) in a text that names that region itself, by a +CC number or by a country-code domain");
            text.AppendLine("(`@firma.pl`). Such a number, valid in that region and printed in its grouping, is now read as that region's and");
            text.AppendLine("scores a `TextRegion` weight (0.15; the logistic fit gives it a positive weight too, near a phone word's). A phone");
            text.AppendLine("word after a full stop no longer names the number before it (\"CVR-nr. 31 41 59 26. Ring …\"). Heldout11 phone");
            text.AppendLine("0.981 / 0.963 → 0.982 / 1.000; heldout10 phone 0.921 / 0.951 → 0.922 / 0.967; no other corpus changed. Secrets");
            text.AppendLine("(a password after `admin /` and a passphrase after `wifi is`), addresses and people were not worked on in this round.");
            text.AppendLine();
            text.Append(Table(detector, "Eleventh held-out corpus (heldout11, tuned on, not blind)", heldout11));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout12, out var heldout12) && heldout12.Count > 0)
        {
            text.AppendLine("The **twelfth held-out corpus** (`Corpus/heldout12.jsonl`, built by `build_heldout12.py` from `heldout12.src.txt`)");
            text.AppendLine("was written by hand after heldout11 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout11.md` (see `Corpus/heldout12.md`) and was written to judge the phone, secret and");
            text.AppendLine("address work done after heldout11 and the detector as a whole: phones as people write them (second numbers after");
            text.AppendLine("\"or\", \"ou\", \"oder\", unlabelled numbers in signatures, local layouts of Brazil, Portugal, Peru, Nigeria, Indonesia,");
            text.AppendLine("Malaysia and many more), beside identifiers named in many languages; traps full of digit runs that are not phones;");
            text.AppendLine("secrets in prose, chat and config of many kinds; addresses from many countries in their local layouts (PO boxes,");
            text.AppendLine("building and floor lines); IPs beside versions, OIDs, CIDR networks and masks. It is not part of \"All cases\".");
            text.AppendLine("Measured blind after the heldout11 round (kept as it was measured; before that round it scored the same except phone");
            text.AppendLine("0.933 / 0.933, so the round's phone change found one more number and dropped one false positive here):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 30, "1.000", "1.000", "1.000"),
                ("Phone", 105, "0.943", "0.943", "0.943"),
                ("CreditCard", 18, "1.000", "1.000", "1.000"),
                ("Iban", 19, "1.000", "1.000", "1.000"),
                ("UsSsn", 16, "1.000", "1.000", "1.000"),
                ("IpAddress", 39, "1.000", "0.974", "0.979"),
                ("UrlWithCredentials", 12, "1.000", "1.000", "1.000"),
                ("Secret", 40, "0.974", "0.950", "0.955"),
                ("DateOfBirth", 18, "1.000", "1.000", "1.000"),
                ("Address", 38, "0.826", "0.500", "0.543"),
                ("Person", 167, "0.909", "0.838", "0.852"));
            text.AppendLine();
            text.AppendLine("Read after that measurement (so no longer blind), addresses: the misses of heldout10 to heldout12 were streets");
            text.AppendLine("whose street word the recognizers did not know in that language (Jalan, Soi, Caddesi, vul., -ro, -gatan), house");
            text.AppendLine("numbers after `No:` or `#`, unit, floor and building lines before the street (Level, Gedung … Lt., Bâtiment, Tầng),");
            text.AppendLine("district lines (Col., -gu, Phường, Quận), postcodes of shapes no pattern had, and spans cut short. Instead of one");
            text.AppendLine("more pattern per layout, a table of 61 country layouts (all of the EU, UK, IE, CH, NO, US, CA, MX, BR, AR, CL, CO, PE,");
            text.AppendLine("AU, NZ, JP, KR, CN, IN, SG, MY, ID, TH, VN, PH, AE, SA, TR, IL, EG, MA, ZA, NG, KE, UA, RU) lists each country's");
            text.AppendLine("street words (before or after the name, abbreviated, or glued on), unit and district words, postcode shape and a few");
            text.AppendLine("cities; one reader (`PartAddressReader`) splits the text into parts at commas, line breaks and sentence ends and");
            text.AppendLine("reads up to three unit, building or district parts, a street part (a street word and a house number), then unit,");
            text.AppendLine("district, postcode and place parts. It keeps an address only with a street part plus a postcode of some country's");
            text.AppendLine("shape, a unit line, a district line, a known city or two places, and it adds only where the country patterns found");
            text.AppendLine("nothing or found the same address without its unit lines. Addresses: heldout12 0.826 / 0.500 → 0.946 / 0.921,");
            text.AppendLine("heldout11 0.962 / 0.735 → 0.971 / 0.971, heldout8 0.929 / 0.897 → 0.966 / 0.966, heldout9 recall 0.971 → 1.000,");
            text.AppendLine("heldout6 0.931 / 0.900 → 0.933 / 0.933, heldout5 0.917 / 0.868 → 0.919 / 0.895, heldout3 0.952 / 0.855 →");
            text.AppendLine("0.954 / 0.899; no corpus fell. Still missed: spans a country pattern cuts short at the end (a building line after a");
            text.AppendLine("Japanese street, \", Dubai\" after a PO box, \"Jal.\"), which the reader does not replace; house names (\"The Old");
            text.AppendLine("Rectory\"); Catalan floor and door (\"5è 2a\"); a Kenyan PO box; addresses typed in lower case or written in words.");
            text.AppendLine();
            text.AppendLine("Phones, secrets, IP and names, read after it too: the structured misses had general causes. Phone words and");
            text.AppendLine("reference words were known mostly in English, German and French, so a local number after \"ligar\", \"dzwoń\",");
            text.AppendLine("\"Contacto\" or \"SĐT\" lacked its cue and an order number after \"Guía\", \"ordine\" or \"Auftragsnummer\" lacked its");
            text.AppendLine("reference word; both lists now carry the common words of Portuguese, Spanish, Italian, Polish, Dutch, the Nordic");
            text.AppendLine("languages, Turkish, Indonesian and Vietnamese (and PO boxes and Swedish organisation numbers are identifiers). Passwords");
            text.AppendLine("given in words after \"pw\", after a wifi word with a digit in the value, and after a qualifier in another language");
            text.AppendLine("(\"le mot de passe du compte VPN est …\") are found, as is a user / password pair answering a question that names a");
            text.AppendLine("password; a key setting that holds a file path is no longer a secret. A v6 address after an interface label");
            text.AppendLine("(\"outside:2a02:…/51822\") is found, and a dotted number across an upgrade arrow from a version of another length is");
            text.AppendLine("a version. The phone-fit leave-one-corpus-out mean of the hand weights went from P 0.983 / R 0.989 to P 0.988 /");
            text.AppendLine("R 0.995. Names were not worked on in this round. Left: one Lagos landline written +234 1 … (libphonenumber does not");
            text.AppendLine("read it as valid) and one dial-in conference code.");
            text.AppendLine();
            text.Append(Table(detector, "Twelfth held-out corpus (heldout12, tuned on, not blind)", heldout12));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout13, out var heldout13) && heldout13.Count > 0)
        {
            text.AppendLine("The **thirteenth held-out corpus** (`Corpus/heldout13.jsonl`, built by `build_heldout13.py` from `heldout13.src.txt`)");
            text.AppendLine("was written by hand after heldout12 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout12.md` (see `Corpus/heldout13.md`) and was written to judge the address, phone,");
            text.AppendLine("secret, IP and person work done after heldout12 and the detector as a whole: phones as people write them (second");
            text.AppendLine("numbers after \"or\", \"ou\", \"oder\", unlabelled numbers in signatures, local layouts of Brazil, Portugal, Peru,");
            text.AppendLine("Nigeria, Indonesia, Malaysia and many more), beside identifiers named in many languages; traps full of digit runs that");
            text.AppendLine("are not phones; secrets in prose, chat and config of many kinds; addresses from many countries in their local layouts");
            text.AppendLine("(PO boxes, building and floor lines) beside address-like text that is not an address; IPs beside versions, OIDs,");
            text.AppendLine("CIDR networks and masks. It is not part of \"All cases\". Measured blind after the heldout12 round (kept as it was");
            text.AppendLine("measured; before that round it scored phone 0.949 / 0.977, secret 0.974 / 0.950, address 0.724 / 0.382 and person");
            text.AppendLine("0.853 / 0.833, the rest as below):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 31, "1.000", "1.000", "1.000"),
                ("Phone", 133, "0.985", "0.977", "0.979"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 21, "1.000", "1.000", "1.000"),
                ("UsSsn", 15, "1.000", "1.000", "1.000"),
                ("IpAddress", 38, "1.000", "0.947", "0.957"),
                ("UrlWithCredentials", 13, "1.000", "1.000", "1.000"),
                ("Secret", 40, "0.975", "0.975", "0.975"),
                ("DateOfBirth", 18, "0.947", "1.000", "0.989"),
                ("Address", 55, "0.787", "0.673", "0.693"),
                ("Person", 222, "0.864", "0.833", "0.839"));
            text.AppendLine();
            text.AppendLine("Read after that measurement (so no longer blind), addresses: of the 10 false positives and 18 misses, most were spans");
            text.AppendLine("of the wrong length, which count twice. Causes, each fixed in the reader, the layout table or a pattern rather than per");
            text.AppendLine("sentence: a connector read as the start of a street (\"de Av. José Larco\", \"la Str. Tudor Arghezi\"); a two-letter");
            text.AppendLine("district word opening the next sentence (\"… Lima 15074. Si …\"); a label line read as a place after a street on its");
            text.AppendLine("own line (\"Buenos Aires\\nTel\"); a unit word before a colon splitting the unit from its number (\"Kat: 7\"); product");
            text.AppendLine("names after a street or unit word and a number (\"Route 66 Jacket, Studio 54 Lamp, Suite 200 Desk\"); a known city");
            text.AppendLine("after a PO box (\", Dubai\"); a building and floor after a Japanese block (\"Umeda 2-4-9, Breezé Tower 12F\"); building");
            text.AppendLine("names between unit lines and the street (\"Woodlands Office Park\", \"Prestige Obelisk\", \"Tòa nhà Sun Wah\") and up to");
            text.AppendLine("four leading lines; a street without a number two or three lines after the unit line that holds it (\"Unit 2103, 21st");
            text.AppendLine("Floor, Tower One, Ayala Triangle, Ayala Avenue\"); \"C/\" taken for a code in capitals; a postcode shape inside a phone");
            text.AppendLine("written in groups (\"963 52 18 47\"); Swedish and Kenyan PO boxes (\"Box 1184, 172 23 Sundbyberg\", \"P.O. Box");
            text.AppendLine("30417-00100, Nairobi\"); and streets named after people (\"Velyka Vasylkivska 72\") lost to a name, so the reader now");
            text.AppendLine("scores above a name's best. For speed the reader no longer reads a part an address found already covers. Addresses:");
            text.AppendLine("heldout13 0.787 / 0.673 → 0.981 / 0.927, heldout12 0.946 / 0.921 → 1.000 / 1.000, heldout8 0.966 / 0.966 → 1.000 /");
            text.AppendLine("1.000, heldout6 0.933 / 0.933 → 0.967 / 0.967, heldout5 0.919 / 0.895 → 0.946 / 0.921; every other corpus unchanged.");
            text.AppendLine("Still missed in heldout13: a Greek street a name label outscores, a street whose street word is followed by its");
            text.AppendLine("district (\"Ring Road Parklands\"), an Indonesian address with a building line holding a street word, and house names");
            text.AppendLine("(\"The Old Rectory\").");
            text.AppendLine();
            text.AppendLine("Names, phones, IP and secrets, read after it too: the person misses were mostly names that structure, not prose,");
            text.AppendLine("marks. The value under a name key (`first_name`, `Cognome:`, `Nachname:`, `Employee:`, vCard `N:` and `FN:`, in a");
            text.AppendLine("dozen languages), the cells of a name column of a CSV, TSV or pipe table (not a plain `name` column beside a vendor");
            text.AppendLine("or company column) and the speakers of a chat log (`Shauna:`, `[Gabriela Ortiz]`, `<Sam Whitlock>`, after an");
            text.AppendLine("optional time; colon labels only when every speaker is a known given name or speaks twice and no other label is a");
            text.AppendLine("field) are names when they look like one: capitalised words with particles between, no common word, no company form");
            text.AppendLine("at the end. A word of a name found in the text names the person again where it stands alone (`Park to chase`,");
            text.AppendLine("`Siobhán prefers`), unless a capitalised word or `&` beside it makes it a firm (`Brenner Metallbau`). A greeting is");
            text.AppendLine("no longer part of the name (`Hola Camilo`, `Estimado Renzo`), a trailing honorific marks a name without joining it");
            text.AppendLine("(`Emre Bey`), and surname prefixes with a capital inside (`DeLuca`, `LeBlanc`) are names. Precision: a greeting");
            text.AppendLine("already followed by its name no longer makes the first word of the next line a name (`Hi Rosalind,` / `Sorry`,");
            text.AppendLine("`Hola Inés,` / `Para`), and a cue reaches a lone word on the next line only as a sign-off (`Regards,` / `Tamsin`;");
            text.AppendLine("not `Patient registration` / `Surname:`). Person, precision / recall before → after: heldout13 0.864 / 0.833 →");
            text.AppendLine("0.937 / 0.937, heldout12 0.940 / 0.838 → 0.962 / 0.904, heldout11 0.966 / 0.873 → 0.984 / 0.944, heldout10 0.965 /");
            text.AppendLine("0.858 → 0.975 / 0.921, heldout9 0.926 / 0.913 → 0.940 / 0.947, heldout8 0.935 / 0.913 → 0.946 / 0.968, heldout7");
            text.AppendLine("0.961 / 0.908 → 0.963 / 0.945, heldout6 0.945 / 0.936 → 0.964 / 0.982, heldout5 0.891 / 0.903 → 0.918 / 0.931,");
            text.AppendLine("heldout4 0.913 / 0.919 → 0.931 / 0.948, heldout3 0.931 / 0.922 → 0.943 / 0.956, heldout2 0.902 / 0.852 → 0.916 /");
            text.AppendLine("0.865; the main corpus's splits unchanged; no other type moved. Still missed: lone given names the lists lack");
            text.AppendLine("with no cue (`Facundo`, `Yoav`, `Renee`, `Gabi`), a name after a card word (`name on card VERA HOLZAPFEL`), Czech");
            text.AppendLine("and Polish vocative and genitive forms (`pane Novotný`, `pana Zielińskiego`); false positives left are firms and");
            text.AppendLine("places of name-like words (`Allied Irish Banks`, `Tømrer Hansen`, `Marie Curie wing`, Indonesian street names).");
            text.AppendLine("Phones, IP and secrets were not changed in this round: the three phone misses (a Lagos landline libphonenumber");
            text.AppendLine("rejects, two Polish numbers after \"numer do pana …\"), two IP misses and one secret (a wifi password after");
            text.AppendLine("`lösenord`) remain.");
            text.AppendLine();
            text.Append(Table(detector, "Thirteenth held-out corpus (heldout13, tuned on, not blind)", heldout13));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout14, out var heldout14) && heldout14.Count > 0)
        {
            text.AppendLine("The **fourteenth held-out corpus** (`Corpus/heldout14.jsonl`, built by `build_heldout14.py` from `heldout14.src.txt`)");
            text.AppendLine("was written by hand after heldout13 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout13.md` (see `Corpus/heldout14.md`) and was written to judge the address, person, phone,");
            text.AppendLine("secret and IP work done after heldout13 and the detector as a whole: phones as people write them (second numbers after");
            text.AppendLine("\"or\", \"ou\", \"oder\", unlabelled numbers in signatures, local layouts of Brazil, Portugal, Peru, Nigeria, Indonesia,");
            text.AppendLine("Malaysia and many more) beside identifiers named in many languages; traps full of digit runs that are not phones;");
            text.AppendLine("secrets in prose, chat and config; addresses from many countries in their local layouts (PO boxes, building and floor");
            text.AppendLine("lines) beside address-like text; person names in CSV, TSV, JSON and YAML records, family name first, with particles and");
            text.AppendLine("double surnames, beside name-like companies, products and places. It is not part of \"All cases\". Measured blind after");
            text.AppendLine("the heldout13 round (kept as it was measured; before that round it scored address 0.939 / 0.793 and person 0.876 /");
            text.AppendLine("0.830, the rest as below):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 33, "1.000", "1.000", "1.000"),
                ("Phone", 141, "0.979", "0.972", "0.973"),
                ("CreditCard", 18, "1.000", "1.000", "1.000"),
                ("Iban", 22, "1.000", "1.000", "1.000"),
                ("UsSsn", 16, "1.000", "1.000", "1.000"),
                ("IpAddress", 39, "0.951", "1.000", "0.990"),
                ("UrlWithCredentials", 13, "1.000", "1.000", "1.000"),
                ("Secret", 38, "1.000", "0.974", "0.979"),
                ("DateOfBirth", 18, "1.000", "1.000", "1.000"),
                ("Address", 58, "0.962", "0.862", "0.880"),
                ("Person", 264, "0.915", "0.894", "0.898"));
            text.AppendLine();
            text.AppendLine("Read after that measurement (so no longer blind): phones, secrets and IP addresses. Causes, each fixed as a class:");
            text.AppendLine("Nigerian landlines written in the plan since replaced (\"+234 1 463 2210\", an area code and seven digits; the current");
            text.AppendLine("metadata knows only the ten-digit form with a leading 20, +234 201 463 2210), now read in the current plan as the");
            text.AppendLine("Mexican \"+52 1\" mobiles already were; phone words missing in a language or a register (Polish \"stacjonarny\", a");
            text.AppendLine("front desk's \"reception\" and \"switchboard\", a call log's \"inbound\" and \"outbound\"); \"password\" in Swedish,");
            text.AppendLine("Norwegian, Danish, Dutch, Czech and Finnish (\"lösenord\", \"wachtwoord\", \"heslo\", …); a chat answer opened by");
            text.AppendLine("a yes-word (\"oui : Tramontane!…\") to a question naming the password a few words before its question mark; a word");
            text.AppendLine("naming a range or a version counting against an address only within its own sentence (\"… the VPN range? If");
            text.AppendLine("34.89.211.6 is …\"), and a container image's or a tag's dotted version no address. Before → after, precision /");
            text.AppendLine("recall: heldout14 phone 0.979 / 0.972 → 0.979 / 0.993, secret 1.000 / 0.974 → 1.000 / 1.000, IP 0.951 / 1.000 →");
            text.AppendLine("0.975 / 1.000; heldout13 phone 0.985 / 0.977 → 0.985 / 0.992, IP 1.000 / 0.947 → 1.000 / 1.000, secret 0.975 /");
            text.AppendLine("0.975 → 0.976 / 1.000; heldout12 phone 0.990 / 0.990 → 0.991 / 1.000; heldout10 phone 0.931 / 0.984 → 0.931 /");
            text.AppendLine("0.992; every other corpus and type unchanged. Still missed: an Indonesian mobile answering a question that names it");
            text.AppendLine("on the chat line before (\"nomor kurirnya berapa?\"), and a Polish mobile after \"numer do pana …\" (the Polish and");
            text.AppendLine("Indonesian words for \"number\" name customer and invoice numbers as often, so they are no phone cue); a controller's");
            text.AppendLine("private address in a firmware matrix is still taken for an address.");
            text.AppendLine();
            text.Append(Table(detector, "Fourteenth held-out corpus (heldout14, tuned on, not blind)", heldout14));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout15, out var heldout15) && heldout15.Count > 0)
        {
            text.AppendLine("The **fifteenth held-out corpus** (`Corpus/heldout15.jsonl`, built by `build_heldout15.py` from `heldout15.src.txt`)");
            text.AppendLine("was written by hand after heldout14 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout14.md` (see `Corpus/heldout15.md`) and was written to judge the phone, secret and IP");
            text.AppendLine("work done after heldout14 and the detector as a whole: phones as people write them (second numbers after \"or\", \"ou\",");
            text.AppendLine("\"oder\", unlabelled numbers in signatures, local layouts of Brazil, Portugal, Peru, Nigeria, Indonesia, Malaysia and many");
            text.AppendLine("more) beside identifiers named in many languages; traps full of digit runs that are not phones; secrets in prose, chat");
            text.AppendLine("and config; addresses from many countries in their local layouts (PO boxes, building and floor lines) beside");
            text.AppendLine("address-like text; person names in CSV, TSV, JSON and YAML records, family name first, with particles and double");
            text.AppendLine("surnames, beside name-like companies, products and places. It is not part of \"All cases\". Measured blind after the");
            text.AppendLine("heldout14 round (kept as it was measured; before that round it scored phone recall 0.965, the rest as below):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 26, "1.000", "1.000", "1.000"),
                ("Phone", 115, "0.896", "0.974", "0.957"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 21, "1.000", "1.000", "1.000"),
                ("UsSsn", 16, "1.000", "1.000", "1.000"),
                ("IpAddress", 38, "0.974", "1.000", "0.995"),
                ("UrlWithCredentials", 14, "1.000", "1.000", "1.000"),
                ("Secret", 40, "1.000", "0.925", "0.939"),
                ("DateOfBirth", 20, "0.950", "0.950", "0.950"),
                ("Address", 52, "0.951", "0.750", "0.783"),
                ("Person", 176, "0.885", "0.790", "0.807"));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout16, out var heldout16) && heldout16.Count > 0)
        {
            text.AppendLine("The **sixteenth held-out corpus** (`Corpus/heldout16.jsonl`, built by `build_heldout16.py` from `heldout16.src.txt`)");
            text.AppendLine("was written by hand after heldout15 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout15.md` (see `Corpus/heldout16.md`) and was written to be representative rather than");
            text.AppendLine("adversarial, to judge the phone, secret, address and person work done after heldout15 and the detector as a whole: the");
            text.AppendLine("business text a gateway receives (tickets, CRM notes, chat, minutes, HR letters, forms, legal memos, code review, CSV,");
            text.AppendLine("JSON, YAML, logs, shell sessions, vCards, signatures, invoices, shipping notices) in many languages; phones as people");
            text.AppendLine("write them beside the reference, order, registry and log numbers business text is full of; secrets in config, prose");
            text.AppendLine("and chat beside hashes, UUIDs and example keys; addresses in their local layouts beside address-like text; person");
            text.AppendLine("names of many cultures in prose, signatures, chat and records beside name-like companies, products and places. It is");
            text.AppendLine("not part of \"All cases\". Measured once, blind, after the heldout15 round (kept as it was measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 27, "0.964", "1.000", "0.993"),
                ("Phone", 98, "0.989", "0.949", "0.957"),
                ("CreditCard", 16, "1.000", "1.000", "1.000"),
                ("Iban", 17, "1.000", "1.000", "1.000"),
                ("UsSsn", 16, "0.938", "0.938", "0.938"),
                ("IpAddress", 37, "0.972", "0.946", "0.951"),
                ("UrlWithCredentials", 12, "1.000", "1.000", "1.000"),
                ("Secret", 38, "1.000", "0.947", "0.957"),
                ("DateOfBirth", 18, "1.000", "0.944", "0.955"),
                ("Address", 37, "1.000", "0.919", "0.934"),
                ("Person", 185, "0.880", "0.914", "0.907"));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout17, out var heldout17) && heldout17.Count > 0)
        {
            text.AppendLine("The **seventeenth held-out corpus** (`Corpus/heldout17.jsonl`, built by `build_heldout17.py` from `heldout17.src.txt`)");
            text.AppendLine("was written by hand after heldout16 had been measured, by someone who read neither the recognizers, their lists nor the");
            text.AppendLine("cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout16.md` (see `Corpus/heldout17.md`) and was written to be representative rather than");
            text.AppendLine("adversarial, to judge the phone, secret, address and person work done after heldout16 and the detector as a whole: the");
            text.AppendLine("business text a gateway receives (tickets, CRM notes, chat, minutes, HR letters, forms, legal memos, code review, CSV,");
            text.AppendLine("JSON, YAML, logs, stack traces, shell sessions, spreadsheets, vCards, signatures, invoices, shipping notices) in many");
            text.AppendLine("languages; phones as people write them beside the reference, order, registry and log numbers business text is full of;");
            text.AppendLine("secrets in config, prose and chat beside hashes, UUIDs and example keys; addresses in their local layouts beside");
            text.AppendLine("address-like text; person names of many cultures in prose, signatures, chat and records beside name-like companies,");
            text.AppendLine("products and places. It is not part of \"All cases\". Measured once, blind, after the heldout16 round (kept as it was");
            text.AppendLine("measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 34, "1.000", "1.000", "1.000"),
                ("Phone", 110, "0.964", "0.982", "0.978"),
                ("CreditCard", 18, "0.900", "1.000", "0.978"),
                ("Iban", 19, "1.000", "1.000", "1.000"),
                ("UsSsn", 15, "1.000", "1.000", "1.000"),
                ("IpAddress", 32, "0.970", "1.000", "0.994"),
                ("UrlWithCredentials", 13, "1.000", "1.000", "1.000"),
                ("Secret", 39, "1.000", "0.974", "0.979"),
                ("DateOfBirth", 20, "0.952", "1.000", "0.990"),
                ("Address", 48, "0.979", "0.958", "0.962"),
                ("Person", 223, "0.947", "0.969", "0.964"));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout18, out var heldout18) && heldout18.Count > 0)
        {
            text.AppendLine("The **eighteenth held-out corpus** (`Corpus/heldout18.jsonl`, built by `build_heldout18.py` from `heldout18.src.txt`)");
            text.AppendLine("was written by hand while the heldout16 and heldout17 misses were being tuned on, by someone who read neither the");
            text.AppendLine("recognizers, their lists nor the cases of any corpus above, and who never ran the detector on it. It follows the");
            text.AppendLine("labelling conventions of `Corpus/heldout2.md` to `heldout17.md` (see `Corpus/heldout18.md`) and was written to be");
            text.AppendLine("representative rather than adversarial, to judge the phone, secret, address and person work done on heldout16 and");
            text.AppendLine("heldout17 and the detector as a whole: the business text a gateway receives (tickets, CRM notes, chat, minutes, HR");
            text.AppendLine("letters, forms, legal memos, code review, CSV, JSON, YAML, logs, stack traces, shell sessions, spreadsheets, vCards,");
            text.AppendLine("signatures, invoices, shipping notices) in many languages; phones as people write them beside the reference, order,");
            text.AppendLine("registry and log numbers business text is full of; secrets in config, prose and chat beside hashes, UUIDs and example");
            text.AppendLine("keys; addresses in their local layouts beside address-like text; person names of many cultures in prose, signatures,");
            text.AppendLine("chat and records beside name-like companies, products and places. It is not part of \"All cases\". Measured once,");
            text.AppendLine("blind, after the heldout17 round (kept as it was measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 25, "1.000", "1.000", "1.000"),
                ("Phone", 100, "0.970", "0.980", "0.978"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 20, "1.000", "1.000", "1.000"),
                ("UsSsn", 17, "1.000", "0.824", "0.854"),
                ("IpAddress", 36, "0.973", "1.000", "0.994"),
                ("UrlWithCredentials", 11, "1.000", "1.000", "1.000"),
                ("Secret", 39, "0.975", "1.000", "0.995"),
                ("DateOfBirth", 19, "0.900", "0.947", "0.938"),
                ("Address", 46, "0.935", "0.935", "0.935"),
                ("Person", 179, "0.944", "0.944", "0.944"));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout19, out var heldout19) && heldout19.Count > 0)
        {
            text.AppendLine("The **nineteenth held-out corpus** (`Corpus/heldout19.jsonl`, built by `build_heldout19.py` from `heldout19.src.txt`)");
            text.AppendLine("was written by hand while the heldout18 misses were being tuned on, by someone who read neither the recognizers, their");
            text.AppendLine("lists nor the cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout18.md` (see `Corpus/heldout19.md`) and was written to be representative rather than");
            text.AppendLine("adversarial, to judge the phone, secret, address and person work done on heldout18 and the detector as a whole: the");
            text.AppendLine("business text a gateway receives (tickets, CRM notes, chat, minutes, HR letters, forms, legal memos, code review, CSV,");
            text.AppendLine("JSON, YAML, logs, stack traces, shell sessions, spreadsheets, vCards, signatures, invoices, shipping notices) in many");
            text.AppendLine("languages; phones as people write them beside the reference, order, registry and log numbers business text is full of;");
            text.AppendLine("secrets in config, prose and chat beside hashes, UUIDs and example keys; addresses in their local layouts beside");
            text.AppendLine("address-like text; person names of many cultures in prose, signatures, chat and records beside name-like companies,");
            text.AppendLine("products and places. It is not part of \"All cases\". Measured once, blind, after the heldout18 round (kept as it was");
            text.AppendLine("measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 33, "1.000", "1.000", "1.000"),
                ("Phone", 110, "0.982", "0.982", "0.982"),
                ("CreditCard", 17, "1.000", "1.000", "1.000"),
                ("Iban", 22, "0.957", "1.000", "0.991"),
                ("UsSsn", 17, "1.000", "1.000", "1.000"),
                ("IpAddress", 35, "0.921", "1.000", "0.983"),
                ("UrlWithCredentials", 12, "1.000", "1.000", "1.000"),
                ("Secret", 41, "1.000", "0.951", "0.961"),
                ("DateOfBirth", 23, "1.000", "0.957", "0.965"),
                ("Address", 43, "0.900", "0.837", "0.849"),
                ("Person", 210, "0.956", "0.938", "0.942"));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout20, out var heldout20) && heldout20.Count > 0)
        {
            text.AppendLine("The **twentieth held-out corpus** (`Corpus/heldout20.jsonl`, built by `build_heldout20.py` from `heldout20.src.txt`)");
            text.AppendLine("was written by hand while the heldout19 misses were being tuned on, by someone who read neither the recognizers, their");
            text.AppendLine("lists nor the cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout19.md` (see `Corpus/heldout20.md`) and was written to be representative rather than");
            text.AppendLine("adversarial, to judge the phone, secret, address and person work done on heldout19 and the detector as a whole: the");
            text.AppendLine("business text a gateway receives (tickets, CRM notes, chat, minutes, HR letters, forms, legal memos, code review, CSV,");
            text.AppendLine("JSON, YAML, logs, stack traces, shell sessions, spreadsheets, vCards, signatures, invoices, shipping notices) in many");
            text.AppendLine("languages; phones as people write them beside the reference, order, registry and log numbers business text is full of;");
            text.AppendLine("secrets in config, prose and chat beside hashes, UUIDs and example keys; addresses in their local layouts beside");
            text.AppendLine("address-like text; person names of many cultures in prose, signatures, chat and records beside name-like companies,");
            text.AppendLine("products and places. It is not part of \"All cases\". Measured once, blind, after the heldout19 round (kept as it was");
            text.AppendLine("measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 35, "1.000", "1.000", "1.000"),
                ("Phone", 113, "0.966", "1.000", "0.993"),
                ("CreditCard", 16, "1.000", "1.000", "1.000"),
                ("Iban", 17, "1.000", "1.000", "1.000"),
                ("UsSsn", 18, "1.000", "1.000", "1.000"),
                ("IpAddress", 39, "1.000", "1.000", "1.000"),
                ("UrlWithCredentials", 12, "1.000", "1.000", "1.000"),
                ("Secret", 39, "1.000", "0.974", "0.979"),
                ("DateOfBirth", 21, "1.000", "1.000", "1.000"),
                ("Address", 48, "0.870", "0.833", "0.840"),
                ("Person", 182, "0.913", "0.923", "0.921"));
            text.AppendLine();
        }

        if (heldout is not null && heldout.TryGetValue(Heldout21, out var heldout21) && heldout21.Count > 0)
        {
            text.AppendLine("The **twenty-first held-out corpus** (`Corpus/heldout21.jsonl`, built by `build_heldout21.py` from `heldout21.src.txt`)");
            text.AppendLine("was written by hand while the heldout20 misses were being tuned on, by someone who read neither the recognizers, their");
            text.AppendLine("lists nor the cases of any corpus above, and who never ran the detector on it. It follows the labelling conventions of");
            text.AppendLine("`Corpus/heldout2.md` to `heldout20.md` (see `Corpus/heldout21.md`) and was written to be representative rather than");
            text.AppendLine("adversarial, to judge the phone, secret, address and person work done on heldout20 and the detector as a whole: the");
            text.AppendLine("business text a gateway receives (tickets, CRM notes, chat, minutes, HR letters, forms, legal memos, code review, CSV,");
            text.AppendLine("JSON, YAML, logs, stack traces, shell sessions, spreadsheets, vCards, signatures, invoices, shipping notices) in many");
            text.AppendLine("languages; phones as people write them beside the reference, order, registry and log numbers business text is full of;");
            text.AppendLine("secrets in config, prose and chat beside hashes, UUIDs and example keys; addresses in their local layouts beside");
            text.AppendLine("address-like text; person names of many cultures in prose, signatures, chat and records beside name-like companies,");
            text.AppendLine("products and places. It is not part of \"All cases\". Measured once, blind, after the heldout20 round (kept as it was");
            text.AppendLine("measured):");
            text.AppendLine();
            FrozenTable(
                text,
                ("Email", 26, "1.000", "1.000", "1.000"),
                ("Phone", 122, "0.984", "1.000", "0.997"),
                ("CreditCard", 18, "1.000", "1.000", "1.000"),
                ("Iban", 17, "1.000", "1.000", "1.000"),
                ("UsSsn", 16, "1.000", "1.000", "1.000"),
                ("IpAddress", 34, "1.000", "1.000", "1.000"),
                ("UrlWithCredentials", 13, "1.000", "1.000", "1.000"),
                ("Secret", 34, "1.000", "1.000", "1.000"),
                ("DateOfBirth", 18, "1.000", "1.000", "1.000"),
                ("Address", 51, "0.940", "0.922", "0.925"),
                ("Person", 172, "0.917", "0.895", "0.900"));
            text.AppendLine();
        }

        text.AppendLine(File.Exists(NotesPath) ? File.ReadAllText(NotesPath) : "");
        return text.ToString();
    }

    /// <summary>
    /// The "Phone weights" part: hand weights against weights fitted by logistic regression, judged leave-one-corpus-out
    /// (computed live by <see cref="PhoneFit"/>; the same table as <c>phone-fit 1 0.99</c>).
    /// </summary>
    private static void PhoneWeights(StringBuilder text, PiiDetector detector, List<CorpusCase> cases, IReadOnlyDictionary<string, List<CorpusCase>> heldout)
    {
        var all = PhoneFit.CollectAll(detector, cases, heldout);
        text.AppendLine("**Phone weights.** Are the hand weights above the best the features allow? `dotnet run --project");
        text.AppendLine("tests/LlmBroker.Redaction.Tests -c Release -- phone-features` exports every phone candidate the detector scores (the context");
        text.AppendLine("pre-check that skips parsing is off there, so nothing is dropped unscored), its feature vector, its hand score and whether");
        text.AppendLine("it is a labelled phone; `-- phone-fit 1 0.99` fits an L2-regularised logistic regression on them (Newton's method,");
        text.AppendLine("lambda 1, validity levels as unpenalised intercepts; deterministic) and judges it leave-one-corpus-out: for each of");
        text.AppendLine("heldout2 to heldout11, fit on the main corpus and the other held-out corpora, choose the threshold there (the highest");
        text.AppendLine("that keeps training recall at 0.99, recall first: a missed phone leaks), measure the corpus left out. Counts are the");
        text.AppendLine("detector's (greedy by score, no overlaps, matched by value) and agree with the tables. The hand weights were tuned on");
        text.AppendLine("heldout2 to heldout9 themselves, so their figures there are optimistic; heldout10 and heldout11 are the corpora neither saw.");
        text.AppendLine();
        foreach (var line in PhoneFit.Loco(all, 1.0, 0.99, out _, out _).Split('\n').Skip(1))
        {
            text.AppendLine(line.TrimEnd('\r'));
        }

        text.AppendLine("The fit does not beat the hand weights on both counts. Its means are lower, against hand figures that are optimistic");
        text.AppendLine("on the corpora they were tuned on; on the corpora written after the hand weights (heldout10 to heldout12) it trades");
        text.AppendLine("precision for recall: more phones found, more reference numbers taken for phones, and neither set of weights reaches");
        text.AppendLine("0.95 precision with 0.98 recall there. Lambda 0.1 to 10 and training recall 0.98 to 0.995 move along the same trade;");
        text.AppendLine("interactions of validity with the phone cue did not help. (The table changes a little whenever a corpus or a feature");
        text.AppendLine("is added, since every fit trains on the others.) The errors left out are");
        text.AppendLine("not a matter of weights: reference numbers named by words the features do not know (`póliza`, `seguimiento`,");
        text.AppendLine("`ügyfélszám`, `Ordrenr.`, `Bestelnummer`, `Tessera fedeltà`, `baggage tag`, `法人番号`), and phones that no feature");
        text.AppendLine("marks (a second number after `ou`, a number of a region not configured without a phone word, `No. HP:`). The hand");
        text.AppendLine("weights stay; the commands stay to judge any new feature the same way. One such feature was tried and dropped: a word");
        text.AppendLine("other than a phone word, preposition or conjunction right before the number with no colon (`póliza 7741-2293-01`,");
        text.AppendLine("`Bestelnummer 88213-4471`). Drafted after reading heldout10's misses (so heldout10 no longer judges it), it lifted the");
        text.AppendLine("fitted heldout10 figures to 0.937 / 0.959 but changed nothing on heldout2 to heldout9 taken together (6 false positives");
        text.AppendLine("and 4 misses with it and without), and with hand weights it costs recall (at −0.15, one phone lost in each of heldout4,");
        text.AppendLine("5, 6 and 8): phones are often written right after a word too.");
        text.AppendLine("The context pre-check (no parse when context alone keeps the score under 0.5 whatever the number) does save time, not");
        text.AppendLine("only work: without it the redaction benchmark fell from about 28,000 to 22,400–23,400 prompts/s; it stays, and only");
        text.AppendLine("the export turns it off.");
        text.AppendLine();
    }

    /// <summary>A blind measurement kept as it was printed (precision, recall and F2 as text, as the table showed them).</summary>
    private static void FrozenTable(StringBuilder text, params (string Entity, int Labels, string Precision, string Recall, string F2)[] rows)
    {
        text.AppendLine("| entity | labels | precision | recall | F2 |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Entity} | {row.Labels} | {row.Precision} | {row.Recall} | {row.F2} |");
        }
    }

    public static string NotesPath => Path.Combine(AppContext.BaseDirectory, "Corpus", "notes.md");
}
