using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Tests;

// Console mode of the test project: `report [path]` writes the precision/recall report (default
// docs/pii.md at the repository root); `misses dev` prints the errors on one split, for tuning.
// `table heldout3` prints one split's table to stdout without writing any file; each held-out split
// (heldout2, heldout3, heldout4, heldout5, heldout6, heldout7, heldout8, heldout9, heldout10, heldout11, heldout12, heldout13, heldout14, heldout15, heldout16, heldout17, heldout18, heldout19, heldout20, heldout21) comes from its own file (Corpus/NAME.jsonl), not from the main corpus.
var detector = new PiiDetector();
var cases = CorpusEvaluation.Load();
var heldout = CorpusEvaluation.HeldoutCorpora
    .Where(name => File.Exists(CorpusEvaluation.HeldoutPath(name)))
    .ToDictionary(name => name, CorpusEvaluation.LoadHeldout, StringComparer.Ordinal);
List<CorpusCase> SplitCases(string split) =>
    heldout.TryGetValue(split, out var named) ? named : cases.Where(c => c.Split == split).ToList();
switch (args.FirstOrDefault())
{
    case "report":
        var path = args.Length > 1 ? args[1] : Path.Combine(RepositoryRoot(), "docs", "pii.md");
        File.WriteAllText(path, CorpusEvaluation.Markdown(detector, cases, heldout));
        Console.Error.WriteLine($"wrote {path}");
        return 0;
    case "table":
        var tableSplit = args.Length > 1 ? args[1] : CorpusEvaluation.Heldout2;
        Console.Write(CorpusEvaluation.Table(detector, tableSplit, SplitCases(tableSplit)));
        return 0;
    case "misses":
        var split = args.Length > 1 ? args[1] : "dev";
        var misses = new List<CorpusEvaluation.Miss>();
        CorpusEvaluation.Score(detector, SplitCases(split), misses);
        foreach (var miss in misses)
        {
            Console.WriteLine($"{miss.CaseId} {miss.Kind} {miss.Type} «{miss.Value}» in «{miss.Text.Replace('\n', ' ')}»");
        }

        return 0;
    case "eval":
        // Any labelled JSONL file (corpus format, or the fresh format with [type, value] pairs): misses, then a score line per type.
        var fileCases = CorpusEvaluation.LoadFile(args[1], "file");
        var fileMisses = new List<CorpusEvaluation.Miss>();
        var fileScores = CorpusEvaluation.Score(detector, fileCases, fileMisses);
        foreach (var miss in fileMisses)
        {
            Console.WriteLine($"{miss.CaseId} {miss.Kind} {miss.Type} «{miss.Value}» in «{miss.Text.Replace('\n', ' ')}»");
        }

        foreach (var (type, s) in fileScores.Where(s => s.Value.Expected + s.Value.FalsePositives > 0))
        {
            Console.WriteLine($"{type,-20} labels {s.Expected,4} TP {s.TruePositives,4} FP {s.FalsePositives,4} FN {s.FalseNegatives,4} P {s.Precision:0.000} R {s.Recall:0.000}");
        }

        return 0;
    case "lists":
        // Entries per embedded name list, and the sizes of the sets the recognizer uses.
        foreach (var (list, count) in LlmBroker.Redaction.Pii.Internal.Gazetteer.ListSizes())
        {
            Console.WriteLine($"{list,-32} {count,6}");
        }

        var built = System.Diagnostics.Stopwatch.StartNew();
        var gazetteer = new LlmBroker.Redaction.Pii.Internal.Gazetteer(new PiiDetectorOptions());
        Console.WriteLine($"built in {built.Elapsed.TotalMilliseconds:0} ms (a second time, without the JIT: {Time(() => GC.KeepAlive(new LlmBroker.Redaction.Pii.Internal.Gazetteer(new PiiDetectorOptions()))):0} ms)");
        Console.WriteLine($"given names (strong) {gazetteer.GivenNames.Count}, ambiguous {gazetteer.AmbiguousGivenNames.Count}, East Asian given names and syllables {gazetteer.EastAsianGivenNames.Count}");
        Console.WriteLine($"surnames {gazetteer.Surnames.Count} (weak {gazetteer.WeakSurnames.Count}), family-name-first {gazetteer.FamilyFirstSurnames.Count}, common words {gazetteer.CommonWords.Count}");
        return 0;
    case "phone-features":
        // Every phone candidate scored (context pre-check off), as TSV: corpus, case, feature columns, label, text.
        var wanted = args.Skip(1).ToHashSet(StringComparer.Ordinal);
        Console.WriteLine($"corpus\tcase\t{string.Join('\t', PhoneFit.Columns)}\tphone\thand_score\ttext");
        foreach (var data in PhoneFit.CollectAll(detector, cases, heldout).Where(d => wanted.Count == 0 || wanted.Contains(d.Corpus)))
        {
            Console.Error.WriteLine($"{data.Corpus}: {data.Rows.Count} candidates, {data.LabelCount} phone labels, {data.Reachable} reached by a candidate");
            foreach (var row in data.Rows)
            {
                var x = string.Join('\t', row.X.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                var hand = LlmBroker.Redaction.Pii.Internal.PhoneScore.Of(row.Features).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                Console.WriteLine($"{row.Corpus}\t{row.CaseId}\t{x}\t{(row.Phone ? 1 : 0)}\t{hand}\t{row.Value}");
            }
        }

        return 0;
    case "phone-fit":
        // Leave-one-corpus-out for fitted against hand weights, then the weights fitted on every corpus as PhoneScore constants.
        var lambda = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1.0;
        var recallTarget = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0.99;
        var all = PhoneFit.CollectAll(detector, cases, heldout);
        Console.Write(PhoneFit.Loco(all, lambda, recallTarget, out var weights, out var threshold));
        Console.WriteLine($"all corpora: logit threshold {threshold:0.000}");
        Console.Write(PhoneFit.Constants(weights, threshold, PhoneFit.Scale));
        return 0;
    case "candidates":
        foreach (var m in detector.Candidates(args[1]))
        {
            Console.WriteLine($"{m.Type} {m.Score:0.00} «{args[1].Substring(m.Start, m.Length)}»");
        }

        return 0;
    case "profile":
        // Time per recognizer over ~1 KB chunks of corpus text, one thread.
        var chunks = new List<string>();
        var chunk = new System.Text.StringBuilder();
        foreach (var c in cases)
        {
            chunk.Append(c.Text).Append(' ');
            if (chunk.Length >= 1000)
            {
                chunks.Add(chunk.ToString());
                chunk.Clear();
            }
        }

        foreach (var recognizer in detector.Recognizers.Cast<LlmBroker.Redaction.Pii.Internal.IPiiRecognizer>())
        {
            var list = new List<PiiMatch>();
            foreach (var text in chunks)
            {
                // Warm up (JIT, regex construction) before timing.
                list.Clear();
                recognizer.Find(text, list);
            }

            var sw = System.Diagnostics.Stopwatch.StartNew();
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var r = 0; r < 20; r++)
            {
                foreach (var text in chunks)
                {
                    list.Clear();
                    recognizer.Find(text, list);
                }
            }

            var n = 20 * chunks.Count;
            Console.WriteLine($"{recognizer.GetType().Name,-28} {sw.Elapsed.TotalMicroseconds / n,8:0.0} us/chunk {(GC.GetAllocatedBytesForCurrentThread() - before) / n,8} B/chunk");
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: report [path] | table [dev|holdout|fresh|heldout2|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8|heldout9|heldout10|heldout11|heldout12|heldout13|heldout14|heldout15|heldout16|heldout17|heldout18|heldout19|heldout20|heldout21] | misses [dev|holdout|fresh|heldout2|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8|heldout9|heldout10|heldout11|heldout12|heldout13|heldout14|heldout15|heldout16|heldout17|heldout18|heldout19|heldout20|heldout21] | eval file.jsonl | lists | candidates text | profile | phone-features [corpus...] | phone-fit [lambda] [training recall]");
        return 2;
}

static double Time(Action action)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

static string RepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LlmBroker.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
