using System.Runtime.CompilerServices;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Submission;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace LlmBroker.Cli.Tests;

/// <summary>Runs the real command app (CliCommands registrations) with captured output and no Kafka.</summary>
internal sealed class CliHarness : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly IBrokerClients? _clients;
    private readonly TimeProvider? _time;

    /// <summary>
    /// A harness whose commands get <see cref="Clients"/> and <see cref="Time"/>, or the given
    /// clients and clock (real ones, for a test that runs against Kafka).
    /// </summary>
    public CliHarness(IBrokerClients? clients = null, TimeProvider? time = null)
    {
        _clients = clients;
        _time = time;
        Directory.CreateDirectory(WorkDirectory);
    }

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "llmbroker-cli-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string> Environment { get; } = new() { [CliEnvironment.BootstrapServers] = "127.0.0.1:9092" };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public FakeBrokerClients Clients { get; } = new();

    /// <summary>What the command reads on stdin.</summary>
    public string Input { get; set; } = "";

    public string Output => _output.ToString();

    public string Error => _error.ToString();

    public string WriteFile(string name, params string[] lines)
    {
        var path = Path.Combine(WorkDirectory, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public Task<int> RunAsync(params string[] args)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_output),
        });
        console.Profile.Width = Terminal.RedirectedWidth;
        var services = new CliServices(
            new Terminal(console, _output, _error, isInteractive: false, new StringReader(Input)),
            new CliEnvironment(Environment),
            _time ?? Time,
            _clients ?? Clients);
        return CliApp.Create(CliCommands.Add, services).RunAsync(args);
    }

    public void Dispose() => Directory.Delete(WorkDirectory, recursive: true);
}

/// <summary>Answers submissions with <see cref="Answer"/> and subscriptions with <see cref="Stream"/>.</summary>
internal sealed class FakeBrokerClients : IBrokerClients
{
    public List<PromptRequest> Submitted { get; } = [];

    public LlmBrokerClientOptions? Options { get; private set; }

    public TimeSpan? Timeout { get; private set; }

    public Func<PromptRequest, Result?> Answer { get; set; } = Ok;

    public bool TimesOut { get; set; }

    public List<Result> Stream { get; } = [];

    public string? SubscribedGroup { get; private set; }

    public static Result Ok(PromptRequest request) => new()
    {
        RequestId = request.RequestId,
        CustomId = request.CustomId,
        BatchId = request.BatchId,
        Model = request.Model,
        Status = ResultStatus.Ok,
        Output = "answer to " + request.CustomId,
        FinishReason = "stop",
        Usage = new Usage { InputTokens = 10, OutputTokens = 5 },
        CostNanoUsd = 1_500_000,
    };

    public Task<BatchSubmission> SubmitBatchAsync(
        LlmBrokerClientOptions options,
        IReadOnlyList<PromptRequest> requests,
        TimeSpan timeout,
        IProgress<SubmitProgress> progress,
        CancellationToken cancellationToken)
    {
        Options = options;
        Timeout = timeout;
        var number = 0;
        foreach (var request in requests)
        {
            // What the client library does on submit.
            request.RequestId = $"00000000-0000-7000-8000-{++number:D12}";
            Submitted.Add(request);
        }

        progress.Report(new SubmitProgress(requests.Count, 0, requests.Count));
        if (TimesOut)
        {
            // Only the first result arrived before the timeout.
            var partial = requests.Select((request, i) => i == 0 ? Answer(request) : null).ToArray();
            return Task.FromResult(new BatchSubmission(partial, TimedOut: true, CompletedBeforeTimeout: 1));
        }

        var results = requests.Select(Answer).ToArray();
        progress.Report(new SubmitProgress(requests.Count, requests.Count, requests.Count));
        return Task.FromResult(new BatchSubmission(results, TimedOut: false, results.Length));
    }

    public async IAsyncEnumerable<Result> SubscribeAsync(
        LlmBrokerClientOptions options,
        string groupId,
        bool fromBeginning,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Options = options;
        SubscribedGroup = groupId;
        foreach (var result in Stream)
        {
            await Task.Yield();
            yield return result;
        }
    }
}
