using System.Text.Json;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Topology;

namespace LlmBroker.Cli.Tests;

public sealed class ResultsAndTopicsCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Results_JsonFormat_PrintsOneProtobufJsonLinePerResult()
    {
        _cli.Clients.Stream.Add(new Result { RequestId = "r1", CustomId = "a", Status = ResultStatus.Ok, Output = "one\ntwo" });
        _cli.Clients.Stream.Add(new Result { RequestId = "r2", Status = ResultStatus.Failed, Error = new ErrorInfo { Code = "provider_error" } });

        var exitCode = await _cli.RunAsync("results", "--group", "analysts", "--topic", "my.replies");

        Assert.Equal(ExitCodes.Ok, exitCode);
        var lines = _cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("r1", first.GetProperty("requestId").GetString());
        Assert.Equal("RESULT_STATUS_OK", first.GetProperty("status").GetString());
        Assert.Equal("one\ntwo", first.GetProperty("output").GetString());
        Assert.Equal("provider_error", JsonDocument.Parse(lines[1]).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("analysts", _cli.Clients.SubscribedGroup);
        Assert.Equal("my.replies", _cli.Clients.Options!.ReplyTopic);
    }

    [Fact]
    public async Task Results_TableFormat_PrintsHeaderAndOneRowPerResult()
    {
        _cli.Clients.Stream.Add(new Result { RequestId = "r1", CustomId = "a", Model = "small", Status = ResultStatus.Ok, Output = "line one\nline two", CostNanoUsd = 2_000 });
        _cli.Clients.Stream.Add(new Result { RequestId = "r2", Status = ResultStatus.RateLimited, Error = new ErrorInfo { Code = "rate_limited", Message = "later" } });

        var exitCode = await _cli.RunAsync("results", "--format", "table");

        Assert.Equal(ExitCodes.Ok, exitCode);
        var lines = _cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("TIME ", lines[0]);
        Assert.Contains(" ok ", lines[1]);
        Assert.Contains("0.000002", lines[1]);
        Assert.EndsWith("line one line two", lines[1]);
        Assert.Contains(" rate_limited ", lines[2]);
        Assert.EndsWith("rate_limited: later", lines[2]);
        Assert.StartsWith("llmbroker-cli-", _cli.Clients.SubscribedGroup);
    }

    [Fact]
    public async Task TopicsList_WithPrefix_ShowsEveryCatalogTopicPrefixed()
    {
        var exitCode = await _cli.RunAsync("topics", "list", "--topic-prefix", "test.");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.All(TopicCatalog.All, topic => Assert.Contains($" test.{topic.Name} ", _cli.Output));
        Assert.Contains(" 86400000 ", _cli.Output);
        Assert.Contains(" delete ", _cli.Output);
    }

    [Fact]
    public async Task TopicsList_NoBootstrap_StillWorks()
    {
        _cli.Environment.Clear();

        var exitCode = await _cli.RunAsync("topics", "list");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("", _cli.Error);
    }
}
