using System.Diagnostics;
using System.Reflection;
using Confluent.Kafka;
using LlmBroker.Contracts;
using LlmBroker.Messaging.Topology;
using Xunit;

namespace LlmBroker.DevKafka.Tests;

/// <summary>The dev Kafka host as a separate process, the way scripts and other services use it.</summary>
public sealed class KafkaHostTests
{
    private const string BootstrapLinePrefix = "kafka-mock bootstrap=";

    [Fact]
    public async Task Host_Started_PrintsBootstrapLineServesTopicsAndExitsCleanlyOnSigterm()
    {
        var folder = Directory.CreateTempSubdirectory("kafka-host-test-");
        var bootstrapFile = Path.Combine(folder.FullName, "bootstrap");
        using var host = StartHost("--brokers", "2", "--bootstrap-file", bootstrapFile);
        try
        {
            var stderr = host.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Deadline.Default);

            var line = await host.StandardOutput.ReadLineAsync(timeout.Token);

            Assert.True(line is not null, $"the host printed nothing; stderr:\n{(host.HasExited ? await stderr : "")}");
            Assert.StartsWith(BootstrapLinePrefix, line, StringComparison.Ordinal);
            var bootstrap = line[BootstrapLinePrefix.Length..];
            Assert.Equal(2, bootstrap.Split(',').Length);
            Assert.All(bootstrap.Split(','), address => Assert.StartsWith("127.0.0.1:", address, StringComparison.Ordinal));

            // Written after the line, atomically: wait for it rather than race the host.
            Deadline.Until(() => File.Exists(bootstrapFile), () => Thread.Yield(), "bootstrap file written", TimeSpan.FromSeconds(10));
            Assert.Equal(bootstrap, File.ReadAllText(bootstrapFile).Trim());

            using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
            {
                var metadata = admin.GetMetadata(TimeSpan.FromSeconds(20));
                Assert.Equal(TopicCatalog.Get(Topics.Requests).Partitions, metadata.Topics.Single(t => t.Topic == Topics.Requests).Partitions.Count);
                Assert.Equal(TopicCatalog.All.Count, metadata.Topics.Count(t => TopicCatalog.All.Any(c => c.Name == t.Topic)));
            }

            await SendSigtermAsync(host.Id);
            await host.WaitForExitAsync(timeout.Token);
            var rest = await host.StandardOutput.ReadToEndAsync(timeout.Token);

            Assert.True(host.ExitCode == 0, $"exit code {host.ExitCode}; stderr:\n{await stderr}");
            Assert.Equal("", rest);
            Assert.False(File.Exists(bootstrapFile), "bootstrap file left behind");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Host_BadArguments_ListsEveryErrorAndExitsWith2()
    {
        using var host = StartHost("--brokers", "zero", "--colour", "--bootstrap-file");
        using var timeout = new CancellationTokenSource(Deadline.Default);
        var stdout = host.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = host.StandardError.ReadToEndAsync(timeout.Token);

        await host.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, host.ExitCode);
        Assert.Equal("", await stdout);
        var errors = await stderr;
        Assert.Contains("--brokers must be a whole number", errors, StringComparison.Ordinal);
        Assert.Contains("unknown argument '--colour'", errors, StringComparison.Ordinal);
        Assert.Contains("--bootstrap-file needs a value", errors, StringComparison.Ordinal);
    }

    private static Process StartHost(params string[] arguments)
    {
        var dll = HostPath();
        // The SDK sets DOTNET_HOST_PATH for test runs; it is the dotnet that runs this test.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var startInfo = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {dll}.");
    }

    private static string HostPath()
    {
        var path = typeof(KafkaHostTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "KafkaHostPath").Value!;
        Assert.True(File.Exists(path), $"{path} is missing; build infra/kafka-host first.");
        return path;
    }

    private static async Task SendSigtermAsync(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", processId.ToString() }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
