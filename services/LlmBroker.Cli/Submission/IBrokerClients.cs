using LlmBroker.Client;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Submission;

/// <summary>The two things the CLI asks of the client library; a seam so commands run without Kafka in tests.</summary>
internal interface IBrokerClients
{
    /// <summary>Publishes the requests and waits for their results (see <see cref="LlmBrokerClient.SubmitBatchAsync"/>).</summary>
    Task<BatchSubmission> SubmitBatchAsync(
        LlmBrokerClientOptions options,
        IReadOnlyList<PromptRequest> requests,
        TimeSpan timeout,
        IProgress<SubmitProgress> progress,
        CancellationToken cancellationToken);

    /// <summary>Reads results as a consumer group (see <see cref="LlmBrokerClient.SubscribeAsync"/>).</summary>
    IAsyncEnumerable<Result> SubscribeAsync(LlmBrokerClientOptions options, string groupId, bool fromBeginning, CancellationToken cancellationToken);
}
