using System.Text.Json;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Tests;

public sealed class SubmitCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static string Line(string customId, string model = "small") =>
        $$$"""{"custom_id":"{{{customId}}}","method":"POST","url":"/v1/chat/completions","body":{"model":"{{{model}}}","messages":[{"role":"user","content":"hi {{{customId}}}"}]}}""";

    [Fact]
    public async Task Submit_AllLinesValidAndAllOk_WritesResultsInInputOrderAndExitsZero()
    {
        var input = _cli.WriteFile("batch.jsonl", Line("b"), Line("a"), Line("c"));

        var exitCode = await _cli.RunAsync("submit", input, "--timeout", "90s", "--tenant", "acme", "--app", "search");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("", _cli.Error);
        var output = Path.Combine(_cli.WorkDirectory, "batch.results.jsonl");
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["b", "a", "c"], lines.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(lines, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
        Assert.Equal("answer to a", lines[1].GetProperty("response").GetProperty("body").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.False(File.Exists(output + ".partial"));
        Assert.EndsWith("submitted=3 ok=3 failed=0 invalid_lines=0 cost_usd=0.0045\n", _cli.Output);
        Assert.Contains("progress submitted=3/3 completed=3/3", _cli.Output);
        Assert.Equal("acme", _cli.Clients.Options!.Tenant);
        Assert.Equal("search", _cli.Clients.Options.App);
        Assert.Equal("127.0.0.1:9092", _cli.Clients.Options.BootstrapServers);
        Assert.Equal(TimeSpan.FromSeconds(90), _cli.Clients.Timeout);
    }

    [Fact]
    public async Task Submit_Defaults_StampBatchLaneGeneratedBatchIdAndDeadline()
    {
        var input = _cli.WriteFile("batch.jsonl", Line("a"), Line("b"));

        await _cli.RunAsync("submit", input);

        var batchIds = _cli.Clients.Submitted.Select(r => r.BatchId).Distinct().ToList();
        var batchId = Assert.Single(batchIds);
        Assert.Matches("^batch_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", batchId);
        Assert.All(_cli.Clients.Submitted, r => Assert.Equal(Lane.Batch, r.Lane));
        Assert.All(_cli.Clients.Submitted, r => Assert.Equal(_cli.Time.GetUtcNow().AddMinutes(10), r.Deadline.ToDateTimeOffset()));
        Assert.Contains($"batch_id={batchId} ", _cli.Output);
    }

    [Fact]
    public async Task Submit_LaneBatchIdAndOut_AreApplied()
    {
        var input = _cli.WriteFile("in.jsonl", Line("a"));
        var output = Path.Combine(_cli.WorkDirectory, "out.jsonl");

        var exitCode = await _cli.RunAsync("submit", input, "--lane", "interactive", "--batch-id", "nightly-7", "--out", output);

        Assert.Equal(ExitCodes.Ok, exitCode);
        var request = Assert.Single(_cli.Clients.Submitted);
        Assert.Equal(Lane.Interactive, request.Lane);
        Assert.Equal("nightly-7", request.BatchId);
        Assert.Single(File.ReadAllLines(output));
    }

    [Fact]
    public async Task Submit_InvalidLinesAndFailedResult_ReportsLinesSubmitsTheRestAndExitsOne()
    {
        var input = _cli.WriteFile("batch.jsonl", Line("a"), "{oops", Line("b"), Line("a"));
        _cli.Clients.Answer = request => request.CustomId == "b"
            ? new Result { RequestId = request.RequestId, Status = ResultStatus.RateLimited, Error = new ErrorInfo { Code = "rate_limited", Message = "slow down" } }
            : CliHarnessAnswers.Ok(request);

        var exitCode = await _cli.RunAsync("submit", input);

        Assert.Equal(ExitCodes.Failed, exitCode);
        var errors = _cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("line 2: invalid JSON at byte 1: ", errors[0]);
        Assert.Equal("line 4: duplicate custom_id 'a' (already used on line 1)", errors[1]);
        Assert.Equal(["a", "b"], _cli.Clients.Submitted.Select(r => r.CustomId));
        var lines = File.ReadAllLines(Path.Combine(_cli.WorkDirectory, "batch.results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(429, lines[1].GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.EndsWith("submitted=2 ok=1 failed=1 invalid_lines=2 cost_usd=0.0015\n", _cli.Output);
    }

    [Fact]
    public async Task Submit_TimeoutWithSomeResults_WritesArrivedResultsAndBatchExpiredForTheRestAndExitsOne()
    {
        var input = _cli.WriteFile("batch.jsonl", Line("a"), Line("b"));
        _cli.Clients.TimesOut = true;

        var exitCode = await _cli.RunAsync("submit", input, "--timeout", "5m");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("timed out after 5m: 1 of 2 results had arrived; the other 1 are written as batch_expired", _cli.Error);
        var lines = File.ReadAllLines(Path.Combine(_cli.WorkDirectory, "batch.results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "b"], lines.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.Equal(200, lines[0].GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("response").ValueKind);
        Assert.Equal("batch_expired", lines[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("no result within 5m", lines[1].GetProperty("error").GetProperty("message").GetString());
        Assert.EndsWith("submitted=2 ok=1 failed=1 invalid_lines=0 cost_usd=0.0015\n", _cli.Output);
    }

    [Fact]
    public async Task Submit_OnlyInvalidLines_SubmitsNothingAndExitsOne()
    {
        var input = _cli.WriteFile("batch.jsonl", "nope");

        var exitCode = await _cli.RunAsync("submit", input);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Empty(_cli.Clients.Submitted);
        Assert.Empty(File.ReadAllLines(Path.Combine(_cli.WorkDirectory, "batch.results.jsonl")));
        Assert.EndsWith("submitted=0 ok=0 failed=0 invalid_lines=1 cost_usd=0\n", _cli.Output);
    }
}

internal static class CliHarnessAnswers
{
    public static Result Ok(PromptRequest request) => FakeBrokerClients.Ok(request);
}
