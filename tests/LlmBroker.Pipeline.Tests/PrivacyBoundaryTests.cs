using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using LlmBroker.Contracts.V1;
using LlmBroker.DevStack;
using LlmBroker.Messaging;
using LlmBroker.Pipeline.Tests.Privacy;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Pipeline.Tests;

/// <summary>
/// Privacy boundary: PII-laden requests through every stage; no PII value reaches the provider, a
/// middle topic or a table, and the results (and streamed deltas) carry the values restored exactly.
/// </summary>
public sealed class PrivacyBoundaryTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    // The one line to change to run this test with the production recognizers.
    private static readonly IPiiDetector s_detector = new PiiDetector(new PiiDetectorOptions());

    private static readonly string[] s_names = ["Alice Martin", "Grace Hopper", "Alan Turing", "Ada Lovelace", "Linus Benedict"];

    [Fact]
    public async Task Pipeline_PiiLadenRequests_NoPiiPastTheRedactorAndResultsRestoredExactly()
    {
        await using var stack = await PipelineTestStack.StartAsync(name: "e2epii", detector: s_detector);
        var values = new List<string>();

        // Interactive: PII in the system and the user message, the same e-mail in both.
        var interactiveText = "Please write to Dr. Alice Martin (alice.martin@example.com, +44 20 7946 0958) about card 4111 1111 1111 1111; Dr. Alice Martin's e-mail again: alice.martin@example.com.";
        var interactive = PipelineTestStack.Request(interactiveText);
        interactive.Messages.Insert(0, new ChatMessage { Role = Role.System, Content = "You assist Mr. Alan Turing, reachable at alan.turing@example.org." });
        values.AddRange(["Alice Martin", "alice.martin@example.com", "+44 20 7946 0958", "4111 1111 1111 1111", "Alan Turing", "alan.turing@example.org"]);

        // Streaming: placeholders come back in deltas split wherever the provider splits them.
        var streamingText = "Stream a note for Ms. Grace Hopper at grace.hopper@example.net or +1 415 555 2671 please.";
        var streaming = PipelineTestStack.Request(streamingText);
        streaming.Stream = true;
        values.AddRange(["Grace Hopper", "grace.hopper@example.net", "+1 415 555 2671"]);

        // Batch lane: different people in the same sentence (same redacted prompt, so the cache may serve them).
        var batch = Enumerable.Range(0, 10).Select(i =>
        {
            var r = PipelineTestStack.Request($"Remind Dr. {s_names[i % s_names.Length]} at person{i}.private@example.com or +1 212 555 01{i:00}.");
            r.BatchId = "batch-pii";
            return r;
        }).ToArray();
        values.AddRange(Enumerable.Range(0, 10).SelectMany(i => new[] { $"person{i}.private@example.com", $"+1 212 555 01{i:00}" }));
        values.AddRange(s_names);

        var interactiveResult = await stack.Client.SubmitAndWaitAsync(interactive, s_timeout);
        var streamingResult = await stack.Client.SubmitAndWaitAsync(streaming, s_timeout);
        var batchResults = await stack.Client.SubmitBatchAsync(batch, s_timeout);

        // Results: PII restored exactly (the fake provider echoes the last user message, placeholders and all).
        Assert.Equal(ResultStatus.Ok, interactiveResult.Status);
        Assert.Equal("echo: " + interactiveText, interactiveResult.Output);
        Assert.Equal(0, interactiveResult.OutputPiiCount);
        Assert.Equal("echo: " + streamingText, streamingResult.Output);
        Assert.All(batchResults, r => Assert.Equal(ResultStatus.Ok, r.Status));
        Assert.Equal(batch.Select(r => "echo: " + r.Messages[0].Content), batchResults.Select(r => r.Output));

        // Stream deltas (client-facing): restored, in order, equal to the result.
        var chunks = (await stack.Kafka.ConsumeUntilAsync(stack.Names.Stream, all => all.Any(c => DecodeChunk(c.Message).Done), s_timeout))
            .Select(c => DecodeChunk(c.Message)).Where(c => c.RequestId == streaming.RequestId).ToList();
        Assert.True(chunks.Count >= 2);
        Assert.Equal(streamingResult.Output, string.Concat(chunks.Select(c => c.Delta)));
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));

        // The provider saw placeholders only.
        // Raw bodies and their decoded strings (JSON may escape '<' or '+').
        var providerLog = string.Join('\n', stack.Provider.Requests.Select(r => r.Body + "\n" + string.Join('\n', JsonStrings(JsonDocument.Parse(r.Body).RootElement))));
        Assert.Equal(12, stack.Provider.Requests.Count + batchResults.Count(r => r.CacheHit));
        Assert.Contains("Dr. <PERSON_2> (<EMAIL_2>, <PHONE_1>) about card <CARD_1>", providerLog, StringComparison.Ordinal);
        AssertNoPii("the provider's request log", providerLog, values);

        // Every middle topic, read raw.
        var total = 12;
        await AssertTopicFreeOfPiiAsync(stack, stack.Names.Redacted, 2, values);
        await AssertTopicFreeOfPiiAsync(stack, stack.Names.RedactedBatch, 10, values);
        await AssertTopicFreeOfPiiAsync(stack, stack.Names.Responses, total, values);
        var outcomes = await AssertTopicFreeOfPiiAsync(stack, stack.Names.Outcomes, total, values);
        var outcome = outcomes.Select(DecodeOutcome).Single(o => o.RequestId == interactive.RequestId);
        Assert.Equal("You assist Mr. <PERSON_1>, reachable at <EMAIL_1>.", outcome.RedactedMessages[0].Content);
        Assert.Equal(8, outcome.PiiEntityCount);
        Assert.StartsWith("echo: Please write to Dr. <PERSON_2> (<EMAIL_2>", outcome.RedactedOutput, StringComparison.Ordinal);

        // Every table of the schema, once the sinks have caught up.
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM usage_ledger") == total, s_timeout, "ledger rows");
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == total, s_timeout, "audit rows");
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT coalesce(sum(requests), 0) FROM cost_hourly") == total, s_timeout, "rollup");
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM response_cache") >= 1, s_timeout, "cache rows");
        await stack.WaitForGroupToCatchUpAsync("llmbroker-cache-writer", stack.Names.Outcomes, s_timeout);
        var tables = await DumpTablesAsync(stack);
        Assert.Contains("usage_ledger", tables.Keys);
        Assert.Contains("audit_log", tables.Keys);
        Assert.Contains("response_cache", tables.Keys);
        Assert.Contains("cost_hourly", tables.Keys);
        Assert.Contains("<EMAIL_1>", tables["response_cache"], StringComparison.Ordinal);
        foreach (var (table, text) in tables)
        {
            AssertNoPii($"table {table}", text, values);
        }
    }

    [Fact]
    public async Task Pipeline_OutputAddsPii_MaskedInResultAndOutcomeAndCounted()
    {
        await using var stack = await PipelineTestStack.StartAsync(name: "e2epiiout", detector: s_detector);
        stack.Provider.Behavior.Reply = "Dear <PERSON_1>, forward this to mallory@evil.example today.";

        var result = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("Draft a note to Dr. Alice Martin."), s_timeout);
        var outcome = DecodeOutcome((await stack.Kafka.ConsumeAsync(stack.Names.Outcomes, 1, s_timeout))[0].Message);

        Assert.Equal("Dear Alice Martin, forward this to <EMAIL> today.", result.Output);
        Assert.Equal(1, result.OutputPiiCount);
        Assert.Equal("Dear <PERSON_1>, forward this to <EMAIL> today.", outcome.RedactedOutput);
        Assert.Equal(1, outcome.OutputPiiCount);
        Assert.Equal(1, outcome.PiiEntityCount);
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM audit_log") == 1, s_timeout, "audit row");
        await Eventually.TrueAsync(async () => await stack.Schema.ScalarAsync<long>("SELECT count(*) FROM response_cache") == 1, s_timeout, "cache row");
        foreach (var (table, text) in await DumpTablesAsync(stack))
        {
            AssertNoPii($"table {table}", text, ["mallory@evil.example", "Alice Martin"]);
        }
    }

    [Fact]
    public async Task Pipeline_StreamedPlaceholdersSplitAcrossDeltas_DeltasCarryRestoredValues()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2epiisplit", s_detector);
        // The fake provider streams one word per delta, so these spaced placeholders arrive in pieces
        // (the answer is long enough for the output scan to release text before the end).
        const string sentence = "Dear < PERSON 1 >, mail [EMAIL_1 ] or <person_1>'s phone now. ";
        stack.Provider.Behavior.Reply = string.Concat(Enumerable.Repeat(sentence, 4)).TrimEnd();
        var request = PipelineTestStack.Request("Write to Dr. Alice Martin at alice.martin@example.com");
        request.Stream = true;

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var chunks = (await stack.Kafka.ConsumeUntilAsync(stack.Names.Stream, all => all.Any(c => DecodeChunk(c.Message).Done), s_timeout))
            .Select(c => DecodeChunk(c.Message)).ToList();

        const string restored = "Dear Alice Martin, mail alice.martin@example.com or Alice Martin's phone now. ";
        Assert.Equal(string.Concat(Enumerable.Repeat(restored, 4)).TrimEnd(), result.Output);
        Assert.Equal(result.Output, string.Concat(chunks.Select(c => c.Delta)));
        Assert.True(chunks.Count >= 5, $"{chunks.Count} chunks");
        Assert.DoesNotContain(chunks, c => c.Delta.Contains("PERSON", StringComparison.OrdinalIgnoreCase) || c.Delta.Contains("EMAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pipeline_StreamedOutputAddsEmailAndPhone_NoDeltaCarriesThemAndDeltasEqualTheResult()
    {
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2epiistreamout", s_detector);
        stack.Provider.Behavior.ScriptReplies(
            "Draft a reply",
            "Dear <PERSON_1>, thank you for your message. For anything urgent please write to mallory.keys@evil-corp.example "
            + "or call +1 415 555 2671 during office hours, and we will get back to you within two working days. Kind regards.");
        var request = PipelineTestStack.Request("Draft a reply to Dr. Alice Martin about the delayed order.");
        request.Stream = true;

        var result = await stack.Client.SubmitAndWaitAsync(request, s_timeout);
        var chunks = (await stack.Kafka.ConsumeUntilAsync(stack.Names.Stream, all => all.Any(c => DecodeChunk(c.Message).Done), s_timeout))
            .Select(c => DecodeChunk(c.Message)).Where(c => c.RequestId == request.RequestId).ToList();

        Assert.Equal(ResultStatus.Ok, result.Status);
        Assert.Equal(
            "Dear Alice Martin, thank you for your message. For anything urgent please write to <EMAIL> "
            + "or call <PHONE> during office hours, and we will get back to you within two working days. Kind regards.",
            result.Output);
        Assert.Equal(2, result.OutputPiiCount);
        Assert.Equal(result.Output, string.Concat(chunks.Select(c => c.Delta)));
        Assert.True(chunks.Count(c => c.Delta.Length > 0) >= 3, $"{chunks.Count} chunks: the answer streams in pieces");
        AssertNoPii("a delta on the stream topic", string.Join('\n', chunks.Select(c => c.Delta)), ["mallory", "evil-corp", "415 555", "2671"]);
        Assert.Equal(result.OutputPiiCount, chunks.Sum(c => c.OutputPiiCount));
        Assert.Equal(Enumerable.Range(1, chunks.Count).Select(i => (long)i), chunks.Select(c => c.Sequence));
    }

    [Fact]
    public async Task Pipeline_PolicyBlocksCards_RejectedNamingTheTypeAndNothingForwarded()
    {
        var blockCards = new Dictionary<string, string?> { ["Redaction:Policies:Apps:tests:Entities:CreditCard"] = "Block" };
        await using var stack = await PipelineTestStack.StartAsync(PipelineStages.Workers, "e2epiiblock", s_detector, blockCards);

        var result = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("Charge 4111 1111 1111 1111 please"), s_timeout);
        var ok = await stack.Client.SubmitAndWaitAsync(PipelineTestStack.Request("No card here, Dr. Alice Martin"), s_timeout);

        Assert.Equal(ResultStatus.Rejected, result.Status);
        Assert.Equal("pii_blocked", result.Error.Code);
        Assert.Contains("CreditCard", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", result.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ResultStatus.Ok, ok.Status);
        Assert.Equal("echo: No card here, Dr. Alice Martin", ok.Output);
        Assert.DoesNotContain(stack.Provider.Requests, r => r.Body.Contains("4111", StringComparison.Ordinal));
        Assert.Single(stack.Provider.Requests);
        var redacted = await stack.ReadTopicAsync<RedactedRequest>(stack.Names.Redacted, 1, s_timeout);
        Assert.Equal(ok.RequestId, Assert.Single(redacted).Request.RequestId);
    }

    private static async Task<IReadOnlyList<Message<byte[]?, byte[]?>>> AssertTopicFreeOfPiiAsync(PipelineTestStack stack, string topic, int count, IReadOnlyList<string> values)
    {
        var records = await stack.Kafka.ConsumeAsync(topic, count, s_timeout);
        Assert.Equal(count, records.Count);
        foreach (var record in records)
        {
            var bytes = (record.Message.Value ?? []).Concat(record.Message.Key ?? []).Concat(record.Message.Headers?.SelectMany(h => h.GetValueBytes() ?? []) ?? []).ToArray();
            AssertNoPii($"topic {topic}", Encoding.UTF8.GetString(bytes), values);
        }

        return [.. records.Select(r => r.Message)];
    }

    private static async Task<Dictionary<string, string>> DumpTablesAsync(PipelineTestStack stack)
    {
        var tables = new List<string>();
        await using (var list = stack.Schema.DataSource.CreateCommand($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{stack.Schema.Name}' AND table_type = 'BASE TABLE'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var dump = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var text = new StringBuilder();
            await using var command = stack.Schema.DataSource.CreateCommand($"SELECT t::text FROM \"{stack.Schema.Name}\".\"{table}\" t");
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }

            dump[table] = text.ToString();
        }

        return dump;
    }

    private static void AssertNoPii(string where, string text, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"{where} contains the PII value '{value}'");
        }
    }

    private static IEnumerable<string> JsonStrings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => JsonStrings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(JsonStrings),
        _ => [],
    };

    private static StreamChunk DecodeChunk(Message<byte[]?, byte[]?> message) => Decode<StreamChunk>(message);

    private static Outcome DecodeOutcome(Message<byte[]?, byte[]?> message) => Decode<Outcome>(message);

    private static T Decode<T>(Message<byte[]?, byte[]?> message)
        where T : class, Google.Protobuf.IMessage<T>, new()
    {
        Assert.True(MessagingClients.TryDecode<T>(new Message<byte[], byte[]> { Key = message.Key!, Value = message.Value!, Headers = message.Headers }, out var decoded, out var error), error);
        return decoded!;
    }
}
