using System.ComponentModel;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using LlmBroker.Cli.BatchFormat;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Submission;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Submit a JSONL file in the OpenAI Batch format, wait for every result and write them in the OpenAI Batch output format")]
internal sealed class SubmitCommand(Terminal terminal, CliEnvironment environment, TimeProvider time, IBrokerClients clients)
    : AsyncCommand<SubmitSettings>
{
    public override ValidationResult Validate(CommandContext context, SubmitSettings settings) =>
        BrokerConnection.Resolve(settings, environment) is null ? ValidationResult.Error(BrokerConnection.MissingBootstrap)
        : BrokerConnection.KeyError(environment) is { } keyError ? ValidationResult.Error(keyError)
        : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, SubmitSettings settings, CancellationToken cancellationToken)
    {
        var connection = BrokerConnection.Resolve(settings, environment)!;
        var lines = ReadInput(settings.File);
        var requests = lines.Where(l => l.IsValid).Select(l => l.Request!).ToList();
        var invalidLines = lines.Count - requests.Count;

        var now = time.GetUtcNow();
        var batchId = settings.BatchId ?? "batch_" + RequestIds.New(now);
        // Past the timeout nobody waits for the answer, so no provider should be paid for it.
        var deadline = Timestamp.FromDateTimeOffset(now + settings.TimeoutValue);
        foreach (var request in requests)
        {
            request.BatchId = batchId;
            request.Lane = settings.LaneValue;
            request.Deadline = deadline;
        }

        // Results go to a side file first, so a run that fails or is interrupted never leaves a
        // truncated file under the final name, and an unwritable path fails before any spend.
        var partialPath = settings.OutputPath + ".partial";
        var output = new StreamWriter(partialPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var moved = false;
        try
        {
            var submission = requests.Count == 0
                ? new BatchSubmission([], TimedOut: false, 0)
                : await SubmitProgressDisplay.RunAsync(
                    terminal,
                    requests.Count,
                    progress => clients.SubmitBatchAsync(connection.ClientOptions(), requests, settings.TimeoutValue, progress, cancellationToken)).ConfigureAwait(false);

            if (submission.TimedOut)
            {
                await terminal.Error.WriteLineAsync(
                    $"timed out after {Durations.Format(settings.TimeoutValue)}: {submission.CompletedBeforeTimeout} of {requests.Count} results had arrived; " +
                    $"the other {requests.Count - submission.CompletedBeforeTimeout} are written as batch_expired").ConfigureAwait(false);
            }

            WriteResults(output, requests, submission, settings.TimeoutValue);
            await output.DisposeAsync().ConfigureAwait(false);
            File.Move(partialPath, settings.OutputPath, overwrite: true);
            moved = true;

            var summary = BatchSummary.From(submission.Results, invalidLines);
            await terminal.Output.WriteLineAsync($"batch_id={batchId} output={settings.OutputPath}").ConfigureAwait(false);
            await terminal.Output.WriteLineAsync(summary.ToString()).ConfigureAwait(false);
            return summary.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
        }
        finally
        {
            if (!moved)
            {
                await output.DisposeAsync().ConfigureAwait(false);
                File.Delete(partialPath);
            }
        }
    }

    private List<BatchInputLine> ReadInput(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lines = BatchInputReader.Read(reader).ToList();
        foreach (var line in lines.Where(l => !l.IsValid))
        {
            terminal.Error.WriteLine($"line {line.LineNumber}: {line.Error}");
        }

        return lines;
    }

    private void WriteResults(TextWriter output, List<PromptRequest> requests, BatchSubmission submission, TimeSpan timeout)
    {
        var writer = new BatchOutputWriter(output, time);
        for (var i = 0; i < requests.Count; i++)
        {
            if (submission.Results[i] is { } result)
            {
                writer.WriteResult(requests[i].CustomId, result);
            }
            else
            {
                writer.WriteMissing(requests[i].CustomId, requests[i].RequestId, $"no result within {Durations.Format(timeout)}");
            }
        }
    }
}
