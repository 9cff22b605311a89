using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Routing.Providers;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Routing;

/// <summary>
/// Second stage: dedupe, deadline, exact cache, provider call with retries, cost. Publishes one
/// provider response per request to llm.responses.
/// </summary>
internal sealed partial class RouteRequestHandler(
    DeploymentCatalog catalog,
    ProviderInvoker invoker,
    IResponseCache cache,
    IPriceCatalog prices,
    IMessagePublisher publisher,
    TopicNames topics,
    TimeProvider time,
    ILogger<RouteRequestHandler> logger) : IMessageHandler<RedactedRequest>
{
    private readonly RequestDeduplicator _deduplicator = new();

    public async Task HandleAsync(RedactedRequest message, MessageContext context, CancellationToken cancellationToken)
    {
        var request = message.Request ?? throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, "redacted request without a request");
        if (!await _deduplicator.RunOnceAsync(request.RequestId, () => RouteAndPublishAsync(message, cancellationToken)).ConfigureAwait(false))
        {
            LogDuplicate(logger, request.RequestId);
        }
    }

    private async Task RouteAndPublishAsync(RedactedRequest message, CancellationToken cancellationToken)
    {
        var request = message.Request;
        request.Times ??= new StageTimes();
        request.Times.RouterReceivedAt = time.Now();
        var response = await RouteAsync(message, cancellationToken).ConfigureAwait(false);
        request.Times.RoutedAt = time.Now();
        await publisher.PublishAsync(topics.Responses, request.RequestId, response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ProviderResponse> RouteAsync(RedactedRequest message, CancellationToken cancellationToken)
    {
        var request = message.Request;
        var response = new ProviderResponse { Request = message };
        var now = time.GetUtcNow();
        var deadline = request.Deadline?.ToDateTimeOffset();
        if (deadline <= now)
        {
            return Fail(response, ResultStatus.Expired, "deadline_exceeded", "the deadline passed before a provider was called");
        }

        var deployments = catalog.Resolve(request.Model);
        if (deployments is null)
        {
            return Fail(response, ResultStatus.Rejected, "model_not_found", $"no route for model '{request.Model}'");
        }

        if (request.CachePolicy != CachePolicy.NoStore)
        {
            response.CacheKey = CacheKeys.Compute(request);
        }

        if (request.CachePolicy is CachePolicy.Use or CachePolicy.Unspecified
            && await cache.TryGetAsync(response.CacheKey, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            response.Status = ResultStatus.Ok;
            response.Output = cached.Output;
            response.FinishReason = cached.FinishReason;
            response.Usage = cached.Usage;
            response.ProviderModel = cached.ProviderModel;
            response.CacheHit = true;
            return response;
        }

        var deployment = deployments[0];
        using var deadlineCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } due)
        {
            deadlineCancellation.CancelAfter(due - now);
        }

        var stream = request.Stream ? new KafkaStreamSink(publisher, topics.Stream, request.RequestId) : null;
        request.Times.ProviderStartedAt = time.Now();
        ProviderCallResult result;
        try
        {
            result = await invoker.CallAsync(deployment, request, stream, deadlineCancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(response, ResultStatus.Expired, "deadline_exceeded", "the deadline passed during the provider call");
        }

        request.Times.ProviderCompletedAt = time.Now();
        response.Provider = deployment.Provider;
        response.Deployment = deployment.Name;
        response.Attempts.Add(result.Attempts);
        if (!result.Succeeded)
        {
            LogProviderFailed(logger, request.RequestId, deployment.Name, result.Error!.Code);
            response.Status = ResultStatus.Failed;
            response.Error = result.Error;
            return response;
        }

        response.Status = ResultStatus.Ok;
        response.Output = result.Output;
        response.FinishReason = result.FinishReason;
        response.Usage = result.Usage;
        response.ProviderModel = result.ProviderModel;
        var cost = deployment.Cost(prices, request.Lane, result.Usage, time.GetUtcNow());
        response.CostNanoUsd = cost.NanoUsd;
        response.PriceVersion = cost.PriceVersion;
        if (stream is not null)
        {
            await stream.DoneAsync(cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static ProviderResponse Fail(ProviderResponse response, ResultStatus status, string code, string message)
    {
        response.Status = status;
        response.Error = new ErrorInfo { Code = code, Message = message };
        return response;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Request {RequestId} seen before; not routed again")]
    private static partial void LogDuplicate(ILogger logger, string requestId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Request {RequestId} failed on {Deployment}: {ErrorClass}")]
    private static partial void LogProviderFailed(ILogger logger, string requestId, string deployment, string errorClass);

    /// <summary>Publishes deltas of one request in order on llm.stream.</summary>
    private sealed class KafkaStreamSink(IMessagePublisher publisher, string topic, string requestId) : IStreamSink
    {
        private long _sequence;

        public ValueTask DeltaAsync(string delta, CancellationToken cancellationToken) =>
            Publish(new StreamChunk { Delta = delta }, cancellationToken);

        public ValueTask ResetAsync(CancellationToken cancellationToken) =>
            Publish(new StreamChunk { Reset = true }, cancellationToken);

        public ValueTask DoneAsync(CancellationToken cancellationToken) =>
            Publish(new StreamChunk { Done = true }, cancellationToken);

        private async ValueTask Publish(StreamChunk chunk, CancellationToken cancellationToken)
        {
            chunk.RequestId = requestId;
            chunk.Sequence = ++_sequence;
            await publisher.PublishAsync(topic, requestId, chunk, cancellationToken).ConfigureAwait(false);
        }
    }
}
