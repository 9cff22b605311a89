using System.Runtime.CompilerServices;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Submission;

/// <summary><see cref="IBrokerClients"/> over <see cref="LlmBrokerClient"/>.</summary>
internal sealed class BrokerClients(TimeProvider time) : IBrokerClients
{
    public async Task<BatchSubmission> SubmitBatchAsync(
        LlmBrokerClientOptions options,
        IReadOnlyList<PromptRequest> requests,
        TimeSpan timeout,
        IProgress<SubmitProgress> progress,
        CancellationToken cancellationToken)
    {
        var completed = 0;
        var counting = new CountingProgress(progress, value => Volatile.Write(ref completed, value.Completed));
        await using var client = new LlmBrokerClient(options, time);
        try
        {
            var results = await client.SubmitBatchAsync(requests, timeout, counting, cancellationToken).ConfigureAwait(false);
            return new BatchSubmission(results, TimedOut: false, results.Count);
        }
        catch (TimeoutException)
        {
            // The client ends the whole wait on timeout and keeps no partial results, so every
            // slot is reported as missing; the command says how many had in fact arrived.
            return new BatchSubmission(new Result?[requests.Count], TimedOut: true, Volatile.Read(ref completed));
        }
    }

    public async IAsyncEnumerable<Result> SubscribeAsync(
        LlmBrokerClientOptions options,
        string groupId,
        bool fromBeginning,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var client = new LlmBrokerClient(options, time);
        await foreach (var result in client.SubscribeAsync(groupId, fromBeginning, cancellationToken).ConfigureAwait(false))
        {
            yield return result;
        }
    }

    private sealed class CountingProgress(IProgress<SubmitProgress> inner, Action<SubmitProgress> observe) : IProgress<SubmitProgress>
    {
        public void Report(SubmitProgress value)
        {
            observe(value);
            inner.Report(value);
        }
    }
}
