using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Storage;
using LlmBroker.Storage.Secrets;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Pipeline.Tests;

public sealed class ProviderCredentialTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task RotateUnderLoad_2000Requests_NoFailureNewKeyTakesOverAndNoKeyLeaks()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "credrotate");
        var masterKey = MasterKeyRing.NewKey();
        var ring = new MasterKeyRing(new Dictionary<string, byte[]> { ["m1"] = Convert.FromBase64String(masterKey) }, "m1");
        var store = new ProviderCredentialStore(stack.Schema.DataSource, ring);
        var oldKey = "sk-old-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var newKey = "sk-new-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        await store.AddAsync("default", oldKey, CancellationToken.None);
        stack.Provider.Behavior.RequiredApiKeys = [oldKey];
        stack.Provider.Behavior.Latency = TimeSpan.FromMilliseconds(20);

        using var logs = new CapturedLogs();
        var configuration = new Dictionary<string, string?>
        {
            ["Secrets:MasterKeys:m1"] = masterKey,
            ["Credentials:RefreshInterval"] = "00:00:00.200",
            ["Stages:router-batch:MaxInFlight"] = "50",
        };
        await stack.StartHostAsync(PipelineStages.All, configuration, logs: logs);

        var requests = Enumerable.Range(0, 2000).Select(i => PipelineTestStack.Request($"rotate {i}")).ToArray();
        foreach (var request in requests)
        {
            request.BatchId = "rotation";
        }

        // Rotation as an operator does it: the provider accepts both keys while the gateway switches,
        // then the old key is deleted at the provider. The first thousand requests are in flight when
        // the key is rotated; the second thousand go out while routers switch and after the old key is gone.
        var rotateNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = stack.Client.SubmitBatchAsync(requests[..1000], s_timeout, new SyncProgress(p =>
        {
            if (p.Completed >= 300)
            {
                rotateNow.TrySetResult();
            }
        }));
        await rotateNow.Task.WaitAsync(s_timeout);
        stack.Provider.Behavior.RequiredApiKeys = [oldKey, newKey];
        await store.RotateAsync("default", newKey, CancellationToken.None);
        var second = stack.Client.SubmitBatchAsync(requests[1000..], s_timeout);
        var newLast4 = newKey[^4..];
        await Eventually.TrueAsync(() => stack.Provider.Requests.TakeLast(50).Count(r => r.ApiKeyLast4 == newLast4) == 50, s_timeout, "50 calls in a row with the new key");
        stack.Provider.Behavior.RequiredApiKeys = [newKey];
        var completedAtRevocation = stack.Provider.Requests.Count;

        var results = (await first).Concat(await second).ToArray();

        Assert.Equal(2000, results.Length);
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        var calls = stack.Provider.Requests;
        Assert.Contains(calls, c => c.ApiKeyLast4 == oldKey[^4..]);
        Assert.True(calls.Count > completedAtRevocation, "some calls happened after the old key was deleted at the provider");
        Assert.All(calls.Skip(completedAtRevocation), c => Assert.Equal(newLast4, c.ApiKeyLast4));

        // Neither key appears in any message, table or log line (plain or hex-encoded).
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == 2000, s_timeout, "2000 audit rows");
        string[] secrets = [oldKey, newKey];
        var needles = secrets.SelectMany(s => new[] { s, Convert.ToHexString(Encoding.UTF8.GetBytes(s)).ToLowerInvariant() }).ToArray();
        foreach (var (topic, key, value, headers) in await stack.ReadAllTopicsAsync(s_timeout))
        {
            var text = Encoding.UTF8.GetString([.. key, .. value, .. headers.SelectMany(h => h)]);
            Assert.DoesNotContain(needles, n => text.Contains(n, StringComparison.Ordinal));
            Assert.False(string.IsNullOrEmpty(topic));
        }

        var tables = await stack.DumpTablesAsync();
        Assert.Contains("provider_credentials", tables, StringComparison.Ordinal);
        Assert.DoesNotContain(needles, n => tables.Contains(n, StringComparison.Ordinal));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => needles.Any(n => line.Contains(n, StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, line => line.Contains("stored provider keys", StringComparison.Ordinal));
    }

    /// <summary>Every log line the stages write, with exception text.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
