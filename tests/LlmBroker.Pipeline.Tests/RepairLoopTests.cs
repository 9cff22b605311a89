using Confluent.Kafka;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Messaging;
using LlmBroker.Validation;
using Microsoft.Extensions.Options;

namespace LlmBroker.Pipeline.Tests;

/// <summary>Output validation and the repair loop through the whole pipeline (mock Kafka, PostgreSQL, fake provider over HTTP).</summary>
public sealed class RepairLoopTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Submit_InvalidJsonThenValid_OneOkResultAfterOneRepair()
    {
        await using var stack = await PipelineTestStack.StartAsync(name: "e2erepair");
        stack.Provider.Behavior.ScriptReplies("json please", "Sure! The answer is 42.", """{"answer": 42}""");
        var request = JsonRequest("json please: what is the answer?");

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var outcome = Assert.Single(await stack.ReadTopicAsync<Outcome>(stack.Names.Outcomes, 1, s_timeout));

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal("""{"answer": 42}""", result.Output);
        Assert.Equal(1, result.RepairCount);
        Assert.Empty(result.ChecksFailed);
        Assert.Equal(2, result.Attempts.Count);
        Assert.Equal(2, stack.Provider.Requests.Count);
        var repairCall = stack.Provider.Requests[1].Body;
        Assert.Contains("rejected by automatic output validation", repairCall, StringComparison.Ordinal);
        Assert.Contains("Sure! The answer is 42.", repairCall, StringComparison.Ordinal);
        Assert.Contains(ValidationChecks.JsonObject, repairCall, StringComparison.Ordinal);

        Assert.Equal(1, outcome.RepairCount);
        Assert.Equal([ValidationChecks.JsonObject], outcome.ChecksRun);
        Assert.Empty(outcome.ChecksFailed);
        Assert.Equal([ValidationChecks.JsonObject], outcome.RepairedChecks);
        Assert.Equal(result.CostNanoUsd, outcome.CostNanoUsd);
        Assert.Equal(result.Usage, outcome.Usage);

        // One ledger row per request, costing both calls.
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == 1, s_timeout, "the ledger row");
        Assert.Equal(StageClock.NanoUsdToUsd(result.CostNanoUsd), await stack.Schema.ScalarAsync<decimal>("SELECT sum(cost_usd) FROM usage_ledger"));
        Assert.True(result.CostNanoUsd > 0);
    }

    [Fact]
    public async Task Submit_AlwaysInvalid_OneFailedValidationResultListingEveryCheckAfterMaxRepairs()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "e2erepairfail");
        await stack.StartHostAsync(PipelineStages.Workers, new Dictionary<string, string?> { ["Validation:MaxRepairAttempts"] = "2" });
        stack.Provider.Behavior.ScriptReplies("stubborn", "I'm sorry, but I can't help with that, it is forbidden.");
        var request = JsonRequest("stubborn question");
        request.Validation = new ValidationRules { MaxLength = 20, DetectRefusal = true };
        request.Validation.BannedTerms.Add("forbidden");

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        await stack.WaitForGroupToCatchUpAsync("llmbroker-router", stack.Names.Redacted, s_timeout);
        await stack.WaitForGroupToCatchUpAsync("llmbroker-validator", stack.Names.Responses, s_timeout);
        var results = await stack.Kafka.ConsumeUntilAsync(stack.Names.Results, all => all.Count >= 1, s_timeout);

        Assert.Equal(ResultStatus.FailedValidation, result.Status);
        Assert.Equal("validation_failed", result.Error.Code);
        Assert.Equal("", result.Output);
        Assert.Equal(2, result.RepairCount);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal(3, stack.Provider.Requests.Count);
        string[] failed = [ValidationChecks.JsonObject, ValidationChecks.MaxLength, ValidationChecks.BannedTerms, ValidationChecks.Refusal];
        Assert.Equal(failed, result.ChecksFailed);
        Assert.All(failed, check => Assert.Contains(check + ":", result.Error.Message, StringComparison.Ordinal));
        Assert.Equal(1L, TotalMessages(stack, stack.Names.Results));
        Assert.DoesNotContain(results, r => Decode<Result>(r).Status == ResultStatus.Ok);
    }

    [Fact]
    public async Task Submit_RepairWouldExceedCostCap_NoRepairAndFailedValidation()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "e2erepaircap");
        await stack.StartHostAsync(PipelineStages.Workers, new Dictionary<string, string?>
        {
            ["Validation:MaxRepairAttempts"] = "3",
            ["Validation:MaxRepairCostUsd"] = "0.00000001", // 10 nano-USD: less than any call costs
        });
        stack.Provider.Behavior.ScriptReplies("budget", "not json", """{"fixed": true}""");

        var result = await stack.Client.SubmitAndWaitAsync(JsonRequest("budget question"), s_timeout);

        Assert.Equal(ResultStatus.FailedValidation, result.Status);
        Assert.Equal(0, result.RepairCount);
        Assert.Equal([ValidationChecks.JsonObject], result.ChecksFailed);
        Assert.Single(stack.Provider.Requests);
        Assert.True(result.CostNanoUsd > 10);
    }

    [Fact]
    public async Task Submit_StreamedAnswerRepaired_ResetBeforeNewDeltasAndValidatedResult()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2erepairstream");
        stack.Provider.Behavior.ScriptReplies("stream json", "here is no json", """{"streamed": "yes"}""");
        var request = JsonRequest("stream json please");
        request.Stream = true;

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var chunks = (await stack.Kafka.ConsumeUntilAsync(stack.Names.Stream, all => all.Any(c => Decode<StreamChunk>(c).Done), s_timeout))
            .Select(Decode<StreamChunk>)
            .Where(c => c.RequestId == request.RequestId)
            .ToList();
        var reset = chunks.FindIndex(c => c.Reset);

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal("""{"streamed": "yes"}""", result.Output);
        Assert.Equal(1, result.RepairCount);
        Assert.True(reset > 0, "a reset marker follows the rejected deltas");
        Assert.Single(chunks, c => c.Reset);
        Assert.Equal("here is no json", string.Concat(chunks.Take(reset).Select(c => c.Delta)));
        Assert.Equal(result.Output, string.Concat(chunks.Skip(reset + 1).Select(c => c.Delta)));
        Assert.True(chunks[^1].Done);
        Assert.Single(chunks, c => c.Done);
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
    }

    [Fact]
    public async Task StartHost_InvalidValidationConfiguration_StopsListingEveryError()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.None, "e2evalcfg");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => stack.StartHostAsync(PipelineStages.Validator, new Dictionary<string, string?>
        {
            ["Validation:MaxRepairAttempts"] = "-1",
            ["Validation:Default:ExpectedLanguage"] = "xx",
            ["Validation:Apps:billing:RequiredPatterns:0"] = "(open",
        }));

        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Validation:Apps:billing:RequiredPatterns:0", StringComparison.Ordinal));
    }

    private static PromptRequest JsonRequest(string content)
    {
        var request = PipelineTestStack.Request(content);
        request.ResponseFormat = new ResponseFormat { Type = ResponseFormat.Types.Type.JsonObject };
        request.CachePolicy = CachePolicy.NoStore;
        return request;
    }

    private static long TotalMessages(PipelineTestStack stack, string topic)
    {
        using var consumer = stack.Kafka.CreateConsumer("count-" + Guid.NewGuid().ToString("N"));
        return Enumerable.Range(0, stack.Kafka.GetPartitionCount(topic))
            .Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    private static T Decode<T>(ConsumeResult<byte[]?, byte[]?> consumed)
        where T : class, Google.Protobuf.IMessage<T>, new()
    {
        var message = consumed.Message;
        Assert.True(MessagingClients.TryDecode<T>(new Message<byte[], byte[]> { Key = message.Key!, Value = message.Value!, Headers = message.Headers }, out var decoded, out var error), error);
        return decoded!;
    }
}
