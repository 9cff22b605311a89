using Google.Protobuf.WellKnownTypes;
using LlmBroker.Client;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.FakeProvider;
using LlmBroker.Messaging;

namespace LlmBroker.Pipeline.Tests;

public sealed class EndToEndTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SubmitBatch_1000Requests_OneResultEachAndLedgerAuditAndRollupAgree()
    {
        await using var stack = await PipelineTestStack.StartAsync(name: "e2e1000");
        var requests = Enumerable.Range(0, 1000).Select(i => PipelineTestStack.Request($"question {i}")).ToArray();

        var results = await stack.Client.SubmitBatchAsync(requests, s_timeout);

        Assert.Equal(1000, results.Count);
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        Assert.Equal(requests.Select(r => r.RequestId), results.Select(r => r.RequestId));
        Assert.Equal("echo: question 7", results[7].Output);
        Assert.All(results, r => Assert.True(r.CostNanoUsd > 0));
        Assert.Equal(1000, stack.Provider.Requests.Count);

        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == 1000, s_timeout, "1000 ledger rows");
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == 1000, s_timeout, "1000 audit rows");
        var ledgerCost = await stack.Schema.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger");
        var hourlyCost = await stack.Schema.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly");
        var resultCost = results.Sum(r => StageClock.NanoUsdToUsd(r.CostNanoUsd));
        Assert.True(ledgerCost > 0);
        Assert.Equal(ledgerCost, hourlyCost);
        Assert.Equal(resultCost, ledgerCost);
        Assert.Equal(1000L, await stack.Schema.ScalarAsync<long>("SELECT sum(requests) FROM cost_hourly"));
    }

    [Fact]
    public async Task SubmitBatch_WorkersAndSinksRestartedMidRun_NothingLostAndNoDuplicateRows()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "e2erestart");
        // A narrow batch lane (10 calls of 20 ms at a time) keeps most of the batch waiting in Kafka
        // when the hosts stop, so the restart really happens mid-run.
        stack.Provider.Behavior.Latency = TimeSpan.FromMilliseconds(20);
        var narrow = new Dictionary<string, string?> { ["Stages:router-batch:MaxInFlight"] = "10" };
        var workers = await stack.StartHostAsync(PipelineStages.Workers, narrow);
        var sinks = await stack.StartHostAsync(PipelineStages.Sinks);
        var requests = Enumerable.Range(0, 1000).Select(i => PipelineTestStack.Request($"restart {i}")).ToArray();
        foreach (var request in requests)
        {
            request.BatchId = "batch-restart";
        }

        // From the 300th result on, the provider answers in 1 s (10 a second at most): however long the
        // test takes to stop the hosts on a loaded machine, the batch cannot finish before they stop.
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = stack.Client.SubmitBatchAsync(requests, s_timeout, new SyncProgress(p =>
        {
            if (p.Completed >= 300)
            {
                stack.Provider.Behavior.Latency = TimeSpan.FromSeconds(1);
                halfway.TrySetResult();
            }
        }));

        await halfway.Task.WaitAsync(s_timeout);
        await stack.StopHostAsync(workers);
        await stack.StopHostAsync(sinks);
        Assert.False(run.IsCompleted);
        stack.Provider.Behavior.Latency = TimeSpan.FromMilliseconds(20);
        await stack.StartHostAsync(PipelineStages.Workers, narrow);
        await stack.StartHostAsync(PipelineStages.Sinks);
        var results = await run;

        Assert.Equal(1000, results.Select(r => r.RequestId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == 1000, s_timeout, "1000 ledger rows");
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == 1000, s_timeout, "1000 audit rows");
        await stack.WaitForGroupToCatchUpAsync("llmbroker-cost-rollup", stack.Names.Outcomes, s_timeout);
        Assert.Equal(1000L, await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger"));
        Assert.Equal(1000L, await stack.Schema.ScalarAsync<long>("SELECT count(DISTINCT request_id) FROM audit_log"));
        Assert.Equal(1000L, await stack.Schema.ScalarAsync<long>("SELECT sum(requests) FROM cost_hourly"));
        Assert.Equal(
            await stack.Schema.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"),
            await stack.Schema.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM cost_hourly"));
    }

    [Fact]
    public async Task Malformed_100Messages_DeadLetteredWithOriginAndPipelineUnaffected()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2edlq");
        var garbage = Enumerable.Range(0, 100).Select(i => new byte[] { 0xFF, 0xFE, (byte)i, 0x00, 0x13 }).ToArray();
        foreach (var bytes in garbage)
        {
            await stack.Kafka.ProduceAsync(stack.Names.Requests, null, bytes);
        }

        var requests = Enumerable.Range(0, 50).Select(i => PipelineTestStack.Request($"fine {i}")).ToArray();
        var results = await stack.Client.SubmitBatchAsync(requests, s_timeout);
        var letters = await stack.ReadTopicAsync<DeadLetter>(stack.Names.DeadLetters, 100, s_timeout);

        Assert.All(results, r => Assert.Equal(ResultStatus.Ok, r.Status));
        Assert.Equal(100, letters.Count);
        Assert.All(letters, l =>
        {
            Assert.Equal("redactor", l.Stage);
            Assert.Equal(DeadLetterReasons.Undecodable, l.Reason);
            Assert.Equal(stack.Names.Requests, l.SourceTopic);
            Assert.False(string.IsNullOrEmpty(l.Error));
        });
        Assert.Equal(
            garbage.Select(Convert.ToHexString).Order(),
            letters.Select(l => Convert.ToHexString(l.OriginalValue.ToByteArray())).Order());
        Assert.Equal(100, letters.Select(l => (l.SourcePartition, l.SourceOffset)).Distinct().Count());
    }

    [Fact]
    public async Task Submit_InvalidEnvelope_RejectedResultAndDeadLetter()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2einvalid");
        var request = new PromptRequest { Model = "gpt-4o-mini" }; // no messages

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var letters = await stack.ReadTopicAsync<DeadLetter>(stack.Names.DeadLetters, 1, s_timeout);

        Assert.Equal(ResultStatus.Rejected, result.Status);
        Assert.Contains("messages must not be empty", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(DeadLetterReasons.InvalidEnvelope, Assert.Single(letters).Reason);
        Assert.Empty(stack.Provider.Requests);
    }

    [Fact]
    public async Task Submit_DeadlinePassed_ExpiredWithoutProviderCall()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2edeadline");
        var request = PipelineTestStack.Request("too late");
        request.Deadline = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-1));
        var onTime = PipelineTestStack.Request("on time");

        var expired = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var ok = await stack.Client.SubmitAndWaitAsync(onTime, s_timeout);

        Assert.Equal(ResultStatus.Expired, expired.Status);
        Assert.Equal("deadline_exceeded", expired.Error.Code);
        Assert.Empty(expired.Attempts);
        Assert.Equal(ResultStatus.Ok, ok.Status);
        Assert.DoesNotContain(stack.Provider.Requests, r => r.Body.Contains("too late", StringComparison.Ordinal));
        Assert.Single(stack.Provider.Requests);
    }

    [Fact]
    public async Task Submit_SameRequestIdThreeTimes_OneProviderCallAndOneResult()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2edupe");
        var id = RequestIds.New(DateTimeOffset.UtcNow);
        for (var i = 0; i < 3; i++)
        {
            var copy = PipelineTestStack.Request("only once");
            copy.RequestId = id;
            await stack.Client.SubmitAsync(copy);
        }

        // The same id straight onto the router's input as well: the router dedupes on its own.
        var redacted = new RedactedRequest { Request = PipelineTestStack.Request("only once") };
        redacted.Request.RequestId = id;
        redacted.Request.Tenant = "acme";
        redacted.Request.App = "tests";
        using (var publisher = (IDisposable)MessagingClients.CreatePublisher(new KafkaOptions { BootstrapServers = stack.Kafka.BootstrapServers }))
        {
            await ((IMessagePublisher)publisher).PublishAsync(stack.Names.Redacted, id, redacted);
        }

        await stack.WaitForGroupToCatchUpAsync("llmbroker-redactor", stack.Names.Requests, s_timeout);
        await stack.WaitForGroupToCatchUpAsync("llmbroker-router", stack.Names.Redacted, s_timeout);
        await stack.WaitForGroupToCatchUpAsync("llmbroker-validator", stack.Names.Responses, s_timeout);
        var results = await stack.ReadTopicAsync<Result>(stack.Names.Results, 1, s_timeout);

        Assert.Single(stack.Provider.Requests);
        Assert.Equal(id, Assert.Single(results).RequestId);
    }

    [Fact]
    public async Task Submit_IdenticalRequestAfterFirstIsCached_ServedFromCacheWithoutProviderCall()
    {
        await using var stack = await PipelineTestStack.StartAsync(name: "e2ecache");
        var first = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("cache me"), s_timeout);
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM response_cache") == 1, s_timeout, "the cache entry");

        var second = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("cache me"), s_timeout);

        Assert.False(first.CacheHit);
        Assert.True(second.CacheHit);
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(0, second.CostNanoUsd);
        Assert.Single(stack.Provider.Requests);
    }

    [Fact]
    public async Task Submit_ProviderFailsTwiceThenAnswers_RetriedAndAttemptsRecorded()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2eretry");
        stack.Provider.Behavior.FailNext(FakeFailureKind.ServiceUnavailable, 2);

        var result = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("flaky"), s_timeout);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal(["server_error", "server_error", ""], result.Attempts.Select(a => a.ErrorClass));
        Assert.Equal([503, 503, 200], result.Attempts.Select(a => a.StatusCode));
    }

    [Fact]
    public async Task Submit_ProviderKeepsFailing_FailedResultWithEveryAttempt()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2efail");
        stack.Provider.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.ServerError });

        var result = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("doomed"), s_timeout);

        Assert.Equal(ResultStatus.Failed, result.Status);
        Assert.Equal("server_error", result.Error.Code);
        Assert.Equal(3, result.Attempts.Count);
    }

    [Fact]
    public async Task Submit_StreamRequested_DeltasInOrderThenDoneAndTheWholeResult()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2estream");
        var request = PipelineTestStack.Request("stream this answer please");
        request.Stream = true;

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var chunks = (await stack.Kafka.ConsumeUntilAsync(
                stack.Names.Stream,
                all => all.Any(c => Decode(c.Message).Done),
                s_timeout))
            .Select(c => Decode(c.Message))
            .Where(c => c.RequestId == request.RequestId)
            .ToList();

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.True(chunks.Count >= 2);
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
        Assert.True(chunks[^1].Done);
        Assert.DoesNotContain(chunks, c => c.Reset);
        Assert.Equal(result.Output, string.Concat(chunks.Select(c => c.Delta)));
        Assert.Equal("echo: stream this answer please", result.Output);
    }

    [Fact]
    public async Task Submit_StreamCutMidway_ResetThenWholeAnswerAndNoHalfResult()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2ecut");
        // Cut late enough that deltas went out first: the output scan holds back the last words of a stream.
        stack.Provider.Behavior.AddFailure(new FakeFailure { Kind = FakeFailureKind.StreamCut, Count = 1, AfterChunks = 20 });
        var request = PipelineTestStack.Request("a longer answer that the provider will cut off halfway through, long enough to be streamed in several pieces before the connection drops");
        request.Stream = true;

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var chunks = (await stack.Kafka.ConsumeUntilAsync(stack.Names.Stream, all => all.Any(c => Decode(c.Message).Done), s_timeout))
            .Select(c => Decode(c.Message))
            .Where(c => c.RequestId == request.RequestId)
            .ToList();
        var lastReset = chunks.FindLastIndex(c => c.Reset);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal("echo: a longer answer that the provider will cut off halfway through, long enough to be streamed in several pieces before the connection drops", result.Output);
        Assert.Equal(2, result.Attempts.Count);
        Assert.True(lastReset > 0, "a reset marker follows the deltas of the cut stream");
        Assert.Equal(result.Output, string.Concat(chunks.Skip(lastReset + 1).Select(c => c.Delta)));
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
    }

    private static StreamChunk Decode(Confluent.Kafka.Message<byte[]?, byte[]?> message)
    {
        Assert.True(MessagingClients.TryDecode<StreamChunk>(
            new Confluent.Kafka.Message<byte[], byte[]> { Key = message.Key!, Value = message.Value!, Headers = message.Headers }, out var chunk, out var error), error);
        return chunk!;
    }
}
