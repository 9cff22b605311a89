using System.Diagnostics;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LlmBroker.Storage.Tests;

/// <summary>
/// Prints the writers' throughput for a 10,000-outcome batch. Measured, never asserted: timing on a
/// shared machine is no test (see benchmarks for tracked numbers).
/// </summary>
public sealed class WriterThroughputTests(ITestOutputHelper output) : PostgresTest
{
    private const int BatchSize = 10_000;

    [Fact]
    public async Task WriteAsync_10000Outcomes_ReportsRowsPerSecond()
    {
        var outcomes = TestOutcomes.Batch(BatchSize, "perf");
        IOutcomeWriter[] writers =
        [
            new UsageLedgerWriter(),
            new AuditLogWriter(),
            new ResponseCacheWriter(Options.Create(new ResponseCacheOptions()), new FakeTimeProvider(TestOutcomes.BaseTime.AddHours(6))),
        ];

        // Warm-up on other ids (JIT, type loading, connection pool), then the measured batch.
        foreach (var writer in writers)
        {
            await InTransactionAsync((c, t) => writer.WriteAsync(c, t, TestOutcomes.Batch(200, "warmup"), default));
        }

        foreach (var writer in writers)
        {
            var stopwatch = Stopwatch.StartNew();
            var written = await InTransactionAsync((c, t) => writer.WriteAsync(c, t, outcomes, default));
            stopwatch.Stop();
            var line = $"{writer.GetType().Name}: {BatchSize} outcomes, {written} rows written in {stopwatch.Elapsed.TotalMilliseconds:F0} ms = {BatchSize / stopwatch.Elapsed.TotalSeconds:F0} outcomes/s";
            output.WriteLine(line);
            Console.WriteLine(line);
            Assert.True(written > 0);
        }

        Assert.Equal(BatchSize + 200L, await Db.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
    }
}
