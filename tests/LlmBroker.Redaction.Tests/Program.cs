using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Tests;

// Console mode of the test project: `report [path]` writes the precision/recall report (default
// docs/pii.md at the repository root); `misses dev` prints the errors on one split, for tuning.
var detector = new PiiDetector();
var cases = CorpusEvaluation.Load();
switch (args.FirstOrDefault())
{
    case "report":
        var path = args.Length > 1 ? args[1] : Path.Combine(RepositoryRoot(), "docs", "pii.md");
        File.WriteAllText(path, CorpusEvaluation.Markdown(detector, cases));
        Console.Error.WriteLine($"wrote {path}");
        return 0;
    case "misses":
        var split = args.Length > 1 ? args[1] : "dev";
        var misses = new List<CorpusEvaluation.Miss>();
        CorpusEvaluation.Score(detector, cases.Where(c => c.Split == split), misses);
        foreach (var miss in misses)
        {
            Console.WriteLine($"{miss.CaseId} {miss.Kind} {miss.Type} «{miss.Value}» in «{miss.Text.Replace('\n', ' ')}»");
        }

        return 0;
    case "candidates":
        foreach (var m in detector.Candidates(args[1]))
        {
            Console.WriteLine($"{m.Type} {m.Score:0.00} «{args[1].Substring(m.Start, m.Length)}»");
        }

        return 0;
    default:
        Console.Error.WriteLine("usage: report [path] | misses [dev|holdout]");
        return 2;
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
