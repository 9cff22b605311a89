using System.ComponentModel;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Results;
using LlmBroker.Cli.Submission;
using LlmBroker.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Print results from the results topic, as protobuf JSON lines or table rows")]
internal sealed class ResultsCommand(Terminal terminal, CliEnvironment environment, TimeProvider time, IBrokerClients clients)
    : AsyncCommand<ResultsSettings>
{
    /// <summary>How long to wait for the first result: joining a consumer group takes a few seconds.</summary>
    private static readonly TimeSpan s_firstResultWait = TimeSpan.FromSeconds(10);

    public override ValidationResult Validate(CommandContext context, ResultsSettings settings) =>
        BrokerConnection.Resolve(settings, environment) is null
            ? ValidationResult.Error(BrokerConnection.MissingBootstrap)
            : ValidationResult.Success();

    public override async Task<int> ExecuteAsync(CommandContext context, ResultsSettings settings, CancellationToken cancellationToken)
    {
        var connection = BrokerConnection.Resolve(settings, environment)!;
        var group = settings.Group ?? $"llmbroker-cli-{Guid.NewGuid():N}";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var results = clients.SubscribeAsync(connection.ClientOptions(settings.Topic), group, settings.FromBeginning, stop.Token);
        if (settings.IsTable)
        {
            await terminal.Output.WriteLineAsync(ResultFormatter.TableHeader).ConfigureAwait(false);
        }

        var enumerator = results.GetAsyncEnumerator(stop.Token);
        await using (enumerator.ConfigureAwait(false))
        {
            var wait = settings.Follow ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(settings.IdleValue.Ticks, s_firstResultWait.Ticks));
            while (await NextAsync(enumerator, wait, stop).ConfigureAwait(false))
            {
                await terminal.Output.WriteLineAsync(Format(enumerator.Current, settings)).ConfigureAwait(false);
                await terminal.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                wait = settings.Follow ? Timeout.InfiniteTimeSpan : settings.IdleValue;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ExitCodes.Ok;
    }

    private string Format(Result result, ResultsSettings settings) =>
        settings.IsTable ? ResultFormatter.TableRow(result, terminal.Console.Profile.Width) : ResultFormatter.Json(result);

    /// <summary>
    /// The next result, or false when none arrived within <paramref name="idle"/>; then the
    /// subscription is cancelled and its pending read awaited, so the consumer closes cleanly
    /// (the next call returns false at once).
    /// </summary>
    private async Task<bool> NextAsync(IAsyncEnumerator<Result> enumerator, TimeSpan idle, CancellationTokenSource stop)
    {
        var next = enumerator.MoveNextAsync().AsTask();
        if (idle == Timeout.InfiniteTimeSpan)
        {
            return await next.ConfigureAwait(false);
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var elapsed = Task.Delay(idle, time, timer.Token);
        if (await Task.WhenAny(next, elapsed).ConfigureAwait(false) == next)
        {
            await timer.CancelAsync().ConfigureAwait(false);
            return await next.ConfigureAwait(false);
        }

        // A result that lands while the read is being cancelled is still printed: with --group its
        // offset is already stored, so dropping it would lose it for good.
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            return await next.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
