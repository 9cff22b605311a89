using Confluent.Kafka;
using Google.Protobuf;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Storage;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Pipeline.Tests;

public sealed class CostAndAuditSinkTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    private static readonly string[] s_compared =
    [
        "SELECT request_id, tenant, app, model, provider, lane, status, input_tokens, output_tokens, cached_input_tokens, cost_usd, price_version, cache_hit, tags::text, completed_at FROM usage_ledger",
        "SELECT hour, tenant, app, model, provider, requests, failed_requests, cache_hits, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd FROM cost_hourly",
        "SELECT hour, tenant, app, tag, tag_value, requests, failed_requests, cache_hits, input_tokens, output_tokens, cached_input_tokens, cost_usd FROM cost_hourly_tag",
        "SELECT request_id, event, app, model, cost_usd, redacted_output, tags::text FROM audit_log",
    ];

    [Fact]
    public async Task Sinks_TransactionFailsMidBatchThenRestarted_LedgerRollupsAndAuditEqualACleanRun()
    {
        const int count = 2000;
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "sinkreplay");
        var outcomes = Enumerable.Range(0, count).Select(Outcome).ToList();
        await stack.Kafka.ProduceAsync(
            stack.Names.Outcomes,
            outcomes.Select(o => new Message<byte[]?, byte[]?> { Key = System.Text.Encoding.UTF8.GetBytes(o.RequestId), Value = o.ToByteArray() }));

        // A crash between writing a batch's rows and committing it: once a sink has stored 600
        // positions, every further batch fails in its last statement (the position save).
        await stack.Schema.ExecuteAsync("""
            CREATE SEQUENCE injected_failures;
            CREATE FUNCTION fail_late_batches() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets WHERE consumer_group = NEW.consumer_group) >= 600 THEN
                    PERFORM nextval('injected_failures');
                    RAISE EXCEPTION 'injected failure after the rows were written';
                END IF;
                RETURN NEW;
            END;
            $$;
            CREATE TRIGGER fail_late_batches BEFORE INSERT OR UPDATE ON consumer_offsets
                FOR EACH ROW EXECUTE FUNCTION fail_late_batches();
            """);
        var small = new Dictionary<string, string?>
        {
            ["Stages:cost-rollup:MaxBatchSize"] = "150",
            ["Stages:audit-writer:MaxBatchSize"] = "150",
        };
        var sinks = await stack.StartHostAsync(PipelineStages.AuditWriter | PipelineStages.CostRollup, small);
        await Eventually.TrueAsync(
            async () => await stack.Schema.ScalarAsync<long>("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM injected_failures") >= 4
                && await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") >= 450
                && await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") >= 450,
            s_timeout,
            "both sinks past 450 rows and batches failing after their rows were written");
        var ledgerWhileFailing = await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger");

        await stack.StopHostAsync(sinks);
        await stack.Schema.ExecuteAsync("DROP TRIGGER fail_late_batches ON consumer_offsets");
        await stack.StartHostAsync(PipelineStages.AuditWriter | PipelineStages.CostRollup, small);
        await Eventually.TrueAsync(
            async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == count
                && await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == count
                && await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM (SELECT consumer_group FROM consumer_offsets GROUP BY 1 HAVING sum(next_offset) = 2000) AS done") == 2,
            s_timeout,
            "both sinks drained after the restart");

        await using var clean = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync("sinkclean");
        await WriteCleanRunAsync(clean, outcomes);

        Assert.InRange(ledgerWhileFailing, 450, count - 1);
        foreach (var query in s_compared)
        {
            Assert.Equal(await RowsAsync(clean, query), await RowsAsync(stack.Schema, query));
        }

        var verification = await AuditChainVerifier.VerifyAsync(stack.Schema.DataSource, default);
        Assert.True(verification.Intact, verification.FirstBreak?.ToString());
        Assert.Equal(count, verification.RowsChecked);
        Assert.Equal(stack.Kafka.GetPartitionCount(stack.Names.Outcomes), verification.Chains);
    }

    [Fact]
    public async Task Router_DeploymentWithoutConfiguredPrices_ChargesTheListPriceOfThePricesTable()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "listprice");
        await stack.StartHostAsync(PipelineStages.All, new Dictionary<string, string?>
        {
            ["Routing:Models:0:Deployments:0:InputPricePerMillion"] = "0",
            ["Routing:Models:0:Deployments:0:OutputPricePerMillion"] = "0",
        });
        var interactive = PipelineTestStack.Request("what does a list price cost?");
        interactive.Lane = Lane.Interactive;

        var result = await stack.Client.SubmitAndWaitAsync(interactive, s_timeout);

        Assert.Equal(ResultStatus.Ok, result.Status);
        // Seeded gpt-4o-mini list price: 0.15 USD per million input, 0.60 per million output tokens.
        var expected = (result.Usage.InputTokens * 150L) + (result.Usage.OutputTokens * 600L);
        Assert.True(expected > 0);
        Assert.Equal(expected, result.CostNanoUsd);
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == 1, s_timeout, "the ledger row");
        Assert.Equal("openai/gpt-4o-mini@2025-11-01T00:00:00Z", await stack.Schema.ScalarAsync<string>("SELECT price_version FROM usage_ledger"));
    }

    private static Outcome Outcome(int i)
    {
        var at = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero).AddMinutes(i % 500);
        var outcome = new Outcome
        {
            RequestId = $"replay-{i}",
            Tenant = i % 3 == 0 ? "acme" : "globex",
            App = i % 2 == 0 ? "billing" : "search",
            Model = i % 4 == 0 ? "claude-sonnet-4-5" : "gpt-4o",
            Provider = i % 4 == 0 ? "anthropic" : "openai",
            Lane = i % 5 == 0 ? Lane.Batch : Lane.Interactive,
            Status = i % 13 == 0 ? ResultStatus.Failed : ResultStatus.Ok,
            Usage = new Usage { InputTokens = 100 + i, OutputTokens = 10 + (i % 40), CachedInputTokens = i % 3 == 0 ? 50 : 0 },
            CostNanoUsd = 1_000_003L + (i * 17L),
            CacheHit = i % 9 == 0,
            PriceVersion = "openai/gpt-4o@2025-11-01T00:00:00Z",
            RedactedOutput = $"answer {i}",
            Times = new StageTimes { SubmittedAt = Timestamp.FromDateTimeOffset(at), ValidatedAt = Timestamp.FromDateTimeOffset(at.AddSeconds(2)) },
        };
        outcome.Tags.Add("team", i % 2 == 0 ? "core" : "growth");
        return outcome;
    }

    private static async Task WriteCleanRunAsync(PostgresTestSchema schema, List<Outcome> outcomes)
    {
        await using var connection = await schema.DataSource.OpenConnectionAsync();
        foreach (var chunk in outcomes.Chunk(500))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await new UsageLedgerWriter().WriteAsync(connection, transaction, chunk, default);
            await new AuditLogWriter().WriteAsync(connection, transaction, chunk, default);
            await transaction.CommitAsync();
        }
    }

    private static async Task<List<string>> RowsAsync(PostgresTestSchema schema, string sql)
    {
        var rows = new List<string>();
        await using var command = schema.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            rows.Add(string.Join('|', values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
