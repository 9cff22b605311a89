using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using LlmBroker.Contracts.V1;
using LlmBroker.Storage;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Cli.Tests;

public sealed class CostsAndRepriceCommandTests : IAsyncLifetime, IDisposable
{
    private readonly CliHarness _cli = new();
    private PostgresTestSchema? _schema;

    private PostgresTestSchema Db => _schema!;

    public async Task InitializeAsync()
    {
        _schema = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync(nameof(CostsAndRepriceCommandTests));
        // Harness clock: 2025-03-01 12:00 UTC. Two days of traffic before it.
        var day1 = new DateTimeOffset(2025, 2, 27, 9, 30, 0, TimeSpan.Zero);
        var day2 = new DateTimeOffset(2025, 2, 28, 15, 10, 0, TimeSpan.Zero);
        await WriteAsync(
            Outcome("r1", "billing", "gpt-4o", day1, 1_500_000_000, ("team", "core")),
            Outcome("r2", "billing", "gpt-4o", day2, 500_000_000, ("team", "core")),
            Outcome("r3", "search", "claude-sonnet-4-5", day2, 250_000_000, ("team", "growth")),
            Outcome("r4", "search", "gpt-4o", day1, 0, ("team", "growth"), ok: false));
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Costs_ByApp_PrintsTableAndBarChart()
    {
        var exitCode = await RunAsync("costs", "--by", "app", "--since", "7d");

        Assert.Equal(0, exitCode);
        Assert.Contains("Cost by app since 2025-02-22 12:00 UTC", _cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"acme/billing\s+│\s+2\s+│\s+0\s+│\s+0\s+│\s+2,000\s+│\s+400\s+│\s+2\.000000", _cli.Output);
        Assert.Contains("cost_usd by app", _cli.Output, StringComparison.Ordinal);
        Assert.Matches(@"acme/billing\s+█+ 2\.000000", _cli.Output);
        Assert.Matches(@"acme/search\s+█* ?0\.250000", _cli.Output);
    }

    [Fact]
    public async Task Costs_ByModelCsv_WritesOneLinePerModelWithExactCosts()
    {
        var exitCode = await RunAsync("costs", "--by", "model", "--format", "csv");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "model,requests,failed_requests,cache_hits,input_tokens,output_tokens,cost_usd\n" +
            "gpt-4o,3,1,0,3000,600,2.000000000\n" +
            "claude-sonnet-4-5,1,0,0,1000,200,0.250000000\n",
            _cli.Output);
    }

    [Fact]
    public async Task Costs_ByTagJson_WritesRowsAndTotal()
    {
        var exitCode = await RunAsync("costs", "--by", "tag", "--format", "json");

        Assert.Equal(0, exitCode);
        var root = JsonDocument.Parse(_cli.Output).RootElement;
        Assert.Equal("tag", root.GetProperty("by").GetString());
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["team=core", "team=growth"], rows.Select(r => r.GetProperty("key").GetString()));
        Assert.Equal(2m, rows[0].GetProperty("cost_usd").GetDecimal());
        Assert.Equal(1, rows[1].GetProperty("failed_requests").GetInt32());
        Assert.Equal(2.25m, root.GetProperty("total").GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Costs_ByDay_ListsDaysOldestFirst()
    {
        var exitCode = await RunAsync("costs", "--by", "day", "--format", "csv");

        Assert.Equal(0, exitCode);
        Assert.Equal(
            "day,requests,failed_requests,cache_hits,input_tokens,output_tokens,cost_usd\n" +
            "2025-02-27,2,1,0,2000,400,1.500000000\n" +
            "2025-02-28,2,0,0,2000,400,0.750000000\n",
            _cli.Output);
    }

    [Fact]
    public async Task Costs_UnknownDimension_ExitsTwo()
    {
        var exitCode = await RunAsync("costs", "--by", "colour");

        Assert.Equal(2, exitCode);
        Assert.Contains("--by must be app, model, tag or day; got 'colour'", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reprice_SinceADay_RecomputesFromThePricesTableAndRebuildsRollups()
    {
        // Seeded list prices take effect 2025-11-01; give these models prices in effect in February.
        await Db.ExecuteAsync("""
            INSERT INTO prices (provider, model, effective_from, input_usd_per_mtok, cached_input_usd_per_mtok, output_usd_per_mtok, batch_discount) VALUES
                ('openai', 'gpt-4o', '2025-01-01T00:00:00Z', 2.5, 1.25, 10, 0.5),
                ('anthropic', 'claude-sonnet-4-5', '2025-01-01T00:00:00Z', 3, 0.3, 15, 0.5);
            """);

        var exitCode = await RunAsync("reprice", "--since", "2025-02-28");

        Assert.Equal(0, exitCode);
        Assert.Contains("repriced 2 of 2 ledger rows since 2025-02-28 00:00 UTC (0 without a price kept their cost)", _cli.Output, StringComparison.Ordinal);
        // 1000 input × 2.5 + 200 output × 10 = 4500 µUSD; claude: 1000 × 3 + 200 × 15 = 6000 µUSD.
        Assert.Equal(0.0045m, await Db.ScalarAsync<decimal>("SELECT cost_usd FROM usage_ledger WHERE request_id = 'r2'"));
        Assert.Equal("anthropic/claude-sonnet-4-5@2025-01-01T00:00:00Z", await Db.ScalarAsync<string>("SELECT price_version FROM usage_ledger WHERE request_id = 'r3'"));
        Assert.Equal(1.5m, await Db.ScalarAsync<decimal>("SELECT cost_usd FROM usage_ledger WHERE request_id = 'r1'"));
        Assert.Equal(1.5105m, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly"));
        Assert.Equal(1.5105m, await Db.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly_tag"));
    }

    [Fact]
    public async Task Reprice_SinceNotADate_ExitsTwo()
    {
        var exitCode = await RunAsync("reprice", "--since", "last week");

        Assert.Equal(2, exitCode);
        Assert.Contains("--since must be a date such as 2026-11-01 or 2026-11-01T13:00; got 'last week'", _cli.Error, StringComparison.Ordinal);
    }

    private Task<int> RunAsync(params string[] args) =>
        _cli.RunAsync([.. args, "--pg", Db.ConnectionString, "--schema", Db.Name]);

    private static Outcome Outcome(string id, string app, string model, DateTimeOffset at, long costNanoUsd, (string Key, string Value) tag, bool ok = true)
    {
        var outcome = new Outcome
        {
            RequestId = id,
            Tenant = "acme",
            App = app,
            Model = model,
            Provider = model.StartsWith("claude", StringComparison.Ordinal) ? "anthropic" : "openai",
            Lane = Lane.Interactive,
            Status = ok ? ResultStatus.Ok : ResultStatus.Failed,
            Usage = new Usage { InputTokens = 1000, OutputTokens = 200 },
            CostNanoUsd = costNanoUsd,
            Times = new StageTimes { SubmittedAt = Timestamp.FromDateTimeOffset(at), ValidatedAt = Timestamp.FromDateTimeOffset(at.AddSeconds(1)) },
        };
        outcome.Tags.Add(tag.Key, tag.Value);
        return outcome;
    }

    private async Task WriteAsync(params Outcome[] outcomes)
    {
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new UsageLedgerWriter().WriteAsync(connection, transaction, outcomes, default);
        await transaction.CommitAsync();
    }
}
