using System.Globalization;
using LlmBroker.Contracts.V1;
using LlmBroker.Governance;
using Spectre.Console;

namespace LlmBroker.Cli.Demo;

/// <summary>What the demo prints about its results.</summary>
internal static class DemoReport
{
    private const int OutputWidth = 44;

    /// <summary>
    /// A few telling results: the first answer of each app, the first cache hit and the expired
    /// request.
    /// </summary>
    public static IReadOnlyList<(PromptRequest Request, Result Result)> Samples(IReadOnlyList<(PromptRequest Request, Result? Result)> outcomes)
    {
        var arrived = outcomes.Where(o => o.Result is not null).Select(o => (o.Request, Result: o.Result!)).ToList();
        var samples = new List<(PromptRequest, Result)>();
        foreach (var app in DemoWorkload.Apps)
        {
            samples.AddRange(arrived.Where(o => o.Request.App == app.Name && o.Result.Status == ResultStatus.Ok && !o.Result.CacheHit).Take(1));
        }

        samples.AddRange(arrived.Where(o => o.Result.CacheHit).Take(1));
        samples.AddRange(arrived.Where(o => o.Result.Status != ResultStatus.Ok).Take(1));
        return samples;
    }

    /// <summary>The sample results as a table: custom id, app, lane, status, output excerpt, tokens and cost.</summary>
    public static Table SampleTable(IEnumerable<(PromptRequest Request, Result Result)> samples)
    {
        var table = new Table()
            .AddColumn("custom id")
            .AddColumn("app")
            .AddColumn("lane")
            .AddColumn("status")
            .AddColumn("output / error")
            .AddColumn(new TableColumn("tokens in/out").RightAligned())
            .AddColumn(new TableColumn("cost_usd").RightAligned());
        foreach (var (request, result) in samples)
        {
            table.AddRow(
                Markup.Escape(result.CustomId),
                Markup.Escape(result.App),
                request.Lane == Lane.Batch ? "batch" : "interactive",
                Status(result),
                Markup.Escape(Excerpt(result)),
                result.Usage is { } usage ? string.Create(CultureInfo.InvariantCulture, $"{usage.InputTokens}/{usage.OutputTokens}") : "-",
                Usd(result.CostNanoUsd, "0.00000000"));
        }

        return table;
    }

    /// <summary><c>demo: requests=N results=N failed=N cost_usd=X</c>: the last line the demo prints.</summary>
    public static string FinalLine(int requests, IReadOnlyCollection<Result> results) => string.Create(
        CultureInfo.InvariantCulture,
        $"demo: requests={requests} results={results.Count} failed={results.Count(r => r.Status != ResultStatus.Ok)} cost_usd={Usd(results.Sum(r => r.CostNanoUsd), "0.000000")}");

    /// <summary>
    /// <c>auth: requests signed with one key per app: support-bot key_…, search key_…; 0 rejected (development master key and pepper)</c>.
    /// Key ids only: the API keys are never shown.
    /// </summary>
    public static string AuthLine(IReadOnlyDictionary<string, CreatedApiKey> keys, bool developmentKeyMaterial, IReadOnlyCollection<Result> results)
    {
        if (keys.Count == 0)
        {
            return "auth: off (requests are not authenticated)";
        }

        var rejected = results.Count(r => r.Status == ResultStatus.Rejected);
        var material = developmentKeyMaterial ? "development master key and pepper" : "configured master key and pepper";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"auth: requests signed with one key per app: {string.Join(", ", keys.Select(k => $"{k.Key} {k.Value.KeyId}"))}; {rejected} rejected ({material})");
    }

    private static string Status(Result result) => result.Status switch
    {
        ResultStatus.Ok when result.CacheHit => "[green]ok[/] (cache hit)",
        ResultStatus.Ok => "[green]ok[/]",
        ResultStatus.Expired => "[yellow]expired[/]",
        _ => $"[red]{Markup.Escape(result.Status.ToString().ToLowerInvariant())}[/]",
    };

    private static string Excerpt(Result result)
    {
        var text = result.Status == ResultStatus.Ok ? result.Output : $"{result.Error?.Code}: {result.Error?.Message}";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= OutputWidth ? text : text[..(OutputWidth - 1)] + "…";
    }

    private static string Usd(long nanoUsd, string format) => (nanoUsd / 1_000_000_000m).ToString(format, CultureInfo.InvariantCulture);
}
