using LlmBroker.Cli.Infrastructure;

namespace LlmBroker.Cli.Tests;

public sealed class ArgumentErrorTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Input() => _cli.WriteFile("in.jsonl", """{"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"x"}]}}""");

    [Theory]
    [InlineData("submit")]
    [InlineData("results")]
    [InlineData("topics create")]
    public async Task Command_NoBootstrapAnywhere_ExitsTwoWithMessage(string command)
    {
        _cli.Environment.Clear();
        var args = command.Split(' ').ToList();
        if (command == "submit")
        {
            args.Add(Input());
        }

        var exitCode = await _cli.RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("error: no Kafka bootstrap servers: pass --bootstrap or set Kafka__BootstrapServers\n", _cli.Error);
        Assert.Empty(_cli.Clients.Submitted);
    }

    [Fact]
    public async Task Submit_BootstrapOptionWithoutEnvironment_UsesOption()
    {
        _cli.Environment.Clear();

        var exitCode = await _cli.RunAsync("submit", Input(), "--bootstrap", "kafka-1:9092,kafka-2:9092", "--topic-prefix", "dev.");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("kafka-1:9092,kafka-2:9092", _cli.Clients.Options!.BootstrapServers);
        Assert.Equal("dev.", _cli.Clients.Options.TopicPrefix);
    }

    [Fact]
    public async Task Submit_EnvironmentDefaults_AreUsed()
    {
        _cli.Environment[CliEnvironment.TopicPrefix] = "env.";
        _cli.Environment[CliEnvironment.Tenant] = "t1";
        _cli.Environment["Kafka__Properties__security.protocol"] = "SASL_SSL";

        await _cli.RunAsync("submit", Input());

        Assert.Equal("env.", _cli.Clients.Options!.TopicPrefix);
        Assert.Equal("t1", _cli.Clients.Options.Tenant);
        Assert.Equal("default", _cli.Clients.Options.App);
        Assert.Equal("SASL_SSL", _cli.Clients.Options.KafkaProperties["security.protocol"]);
    }

    [Theory]
    [InlineData("--timeout", "soon", "error: --timeout must be a duration between 1ms and 30d such as 90s, 10m or 1h30m; got 'soon'")]
    [InlineData("--timeout", "0s", "error: --timeout must be a duration between 1ms and 30d such as 90s, 10m or 1h30m; got '0s'")]
    [InlineData("--lane", "express", "error: --lane must be batch or interactive; got 'express'")]
    [InlineData("--batch-id", " ", "error: --batch-id must not be empty")]
    [InlineData("--tenant", "", "error: --tenant must not be empty")]
    public async Task Submit_BadOptionValue_ExitsTwoWithMessage(string option, string value, string expected)
    {
        var exitCode = await _cli.RunAsync("submit", Input(), option, value);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal(expected + "\n", _cli.Error);
        Assert.Empty(_cli.Clients.Submitted);
    }

    [Fact]
    public async Task Submit_MissingFile_ExitsTwo()
    {
        var missing = Path.Combine(_cli.WorkDirectory, "missing.jsonl");

        var exitCode = await _cli.RunAsync("submit", missing);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal($"error: input file not found: {missing}\n", _cli.Error);
    }

    [Fact]
    public async Task Submit_OutputDirectoryMissing_ExitsTwoBeforeSubmitting()
    {
        var exitCode = await _cli.RunAsync("submit", Input(), "--out", Path.Combine(_cli.WorkDirectory, "nope", "out.jsonl"));

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: output directory not found: ", _cli.Error);
        Assert.Empty(_cli.Clients.Submitted);
    }

    [Fact]
    public async Task Submit_NoFileArgument_ExitsTwo()
    {
        var exitCode = await _cli.RunAsync("submit");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: ", _cli.Error);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("submit", "x.jsonl", "--no-such-option")]
    [InlineData("topics", "delete")]
    public async Task Run_UnknownCommandOrOption_ExitsTwo(params string[] args)
    {
        var exitCode = await _cli.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: ", _cli.Error);
    }

    [Theory]
    [InlineData("--format", "xml", "error: --format must be json or table; got 'xml'")]
    [InlineData("--idle", "never", "error: --idle must be a duration between 1ms and 1d such as 3s; got 'never'")]
    [InlineData("--group", "", "error: --group must not be empty")]
    public async Task Results_BadOptionValue_ExitsTwoWithMessage(string option, string value, string expected)
    {
        var exitCode = await _cli.RunAsync("results", option, value);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal(expected + "\n", _cli.Error);
    }

    [Theory]
    [InlineData("0", "error: --replication-factor must be a positive number; got 0\n")]
    [InlineData("40000", "error: --replication-factor must be a positive number; got 40000\n")]
    public async Task TopicsCreate_BadReplicationFactor_ExitsTwo(string value, string expected)
    {
        var exitCode = await _cli.RunAsync("topics", "create", "--replication-factor", value);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal(expected, _cli.Error);
    }

    [Fact]
    public async Task TopicsCreate_NonNumericReplicationFactor_ExitsTwo()
    {
        var exitCode = await _cli.RunAsync("topics", "create", "--replication-factor", "three");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: ", _cli.Error);
    }
}
