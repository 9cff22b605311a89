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
        await using var client = new LlmBrokerClient(options, time);
        var results = await client.SubmitBatchAsync(requests, timeout, progress, cancellationToken).ConfigureAwait(false);
        // The client stands in an EXPIRED "timeout" result for each missing one; the CLI reports
        // those as missing, in its own words.
        var arrived = results.Select(r => IsMissing(r) ? null : r).ToArray();
        var missing = arrived.Count(r => r is null);
        return new BatchSubmission(arrived, TimedOut: missing > 0, arrived.Length - missing);
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

    private static bool IsMissing(Result result) =>
        result.Status == ResultStatus.Expired && result.Error?.Code == LlmBrokerClient.TimeoutErrorCode;
}
