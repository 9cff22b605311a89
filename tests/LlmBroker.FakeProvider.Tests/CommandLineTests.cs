using System.Diagnostics;
using LlmBroker.FakeProvider.Internal;

namespace LlmBroker.FakeProvider.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_ValidArgs_BuildsOptions()
    {
        var (options, errors, help) = CommandLine.Parse(
            ["--port", "9000", "--latency-ms", "1000", "--latency-jitter-ms=50", "--reply", "ok", "--api-key", "a", "--api-key", "b", "--seed", "3", "--max-logged-requests", "10"]);

        Assert.Empty(errors);
        Assert.False(help);
        Assert.NotNull(options);
        Assert.Equal(9000, options.Port);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.LatencyJitter);
        Assert.Equal("ok", options.Reply);
        Assert.Equal(["a", "b"], options.RequiredApiKeys);
        Assert.Equal(3, options.Seed);
        Assert.Equal(10, options.MaxLoggedRequests);
    }

    [Fact]
    public void Parse_NoArgs_UsesDefaultPort()
    {
        var (options, errors, _) = CommandLine.Parse([]);

        Assert.Empty(errors);
        Assert.Equal(CommandLine.DefaultPort, options?.Port);
    }

    [Fact]
    public void Parse_InvalidArgs_ListsEveryProblem()
    {
        var (options, errors, _) = CommandLine.Parse(["--port", "x", "--latency-ms", "-5", "--bogus", "--max-logged-requests", "-1", "--seed"]);

        Assert.Null(options);
        Assert.Collection(
            errors,
            e => Assert.Contains("--port must be an integer", e, StringComparison.Ordinal),
            e => Assert.Contains("unknown argument '--bogus'", e, StringComparison.Ordinal),
            e => Assert.Contains("--seed needs a value", e, StringComparison.Ordinal),
            e => Assert.Contains("latency must not be negative", e, StringComparison.Ordinal),
            e => Assert.Contains("max logged requests must not be negative", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Help_RequestsHelp()
    {
        var (options, _, help) = CommandLine.Parse(["--help"]);

        Assert.True(help);
        Assert.Null(options);
    }

    [Fact]
    public async Task Main_InvalidArgs_ExitsWith2AndListsProblems()
    {
        using var process = StartExe("--port", "x", "--nope");
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--port must be an integer", stderr, StringComparison.Ordinal);
        Assert.Contains("unknown argument '--nope'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_ValidArgs_PrintsListeningLineAndStopsOnSigterm()
    {
        using var process = StartExe("--port", "0", "--latency-ms", "0");
        var line = await process.StandardOutput.ReadLineAsync();

        Assert.Matches(@"^fake-provider listening on http://127\.0\.0\.1:\d+$", line);
        using var http = new HttpClient();
        var stats = await http.GetStringAsync(line!["fake-provider listening on ".Length..] + "/_fake/stats");
        Assert.Contains("\"requests\":0", stats, StringComparison.Ordinal);

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    private static Process StartExe(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LlmBroker.FakeProvider.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
