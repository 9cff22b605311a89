using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Redaction.Privacy;
using LlmBroker.Routing.Internal;
using LlmBroker.Routing.Limits;
using LlmBroker.Routing.Selection;
using LlmBroker.Routing.Providers;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Routing;

/// <summary>
/// Second stage: dedupe, deadline, exact cache, provider call with retries, cost. Publishes one
/// provider response per request to llm.responses.
/// </summary>
internal sealed partial class RouteRequestHandler(
    DeploymentCatalog catalog,
    RequestRouter router,
    IResponseCache cache,
    PiiVault vault,
    OutputPiiScanner outputScanner,
    IPriceCatalog prices,
    AppLimitGate appLimits,
    CallGate calls,
    IMessagePublisher publisher,
    TopicNames topics,
    TimeProvider time,
    ILogger<RouteRequestHandler> logger) : IMessageHandler<RedactedRequest>
{
    private readonly RequestDeduplicator _deduplicator = new();

    public async Task HandleAsync(RedactedRequest message, MessageContext context, CancellationToken cancellationToken)
    {
        var request = message.Request ?? throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, "redacted request without a request");
        // A repair (the validator re-asking after a rejected answer) is new work for the same request id.
        var key = message.RepairAttempt == 0 ? request.RequestId : $"{request.RequestId}#repair{message.RepairAttempt}";
        if (!await _deduplicator.RunOnceAsync(key, () => RouteAndPublishAsync(message, cancellationToken)).ConfigureAwait(false))
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

        var table = catalog.Current;
        var route = table.Find(request.Model);
        if (route is null)
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

        using var deadlineCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } due)
        {
            deadlineCancellation.CancelAfter(due - now);
        }

        // Computed once for the app's limits and the router's rules (the tokenizer count is cached in it).
        var facts = new RequestFacts(request);
        AppPass pass;
        try
        {
            pass = await appLimits.EnterAsync(message, route, facts, deadlineCancellation.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(response, ResultStatus.Expired, "deadline_exceeded", "the deadline passed while the app was at its rate limit");
        }

        if (pass.Refusal is { } refusal)
        {
            return Fail(response, refusal.Status, refusal.Code, refusal.Message);
        }

        try
        {
            // Both lanes share the process's bound on calls at the providers (interactive first).
            try
            {
                await calls.EnterAsync(request.Lane != Lane.Batch, deadlineCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Fail(response, ResultStatus.Expired, "deadline_exceeded", "the deadline passed while the router was at its bound of calls in flight");
            }

            try
            {
                return await CallProvidersAsync(message, response, table, route, facts, deadlineCancellation.Token, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                calls.Exit();
            }
        }
        finally
        {
            await appLimits.SettleAsync(pass, message, response).ConfigureAwait(false);
        }
    }

    private async Task<ProviderResponse> CallProvidersAsync(
        RedactedRequest message, ProviderResponse response, RouteTable table, AliasRoute route, RequestFacts facts, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var request = message.Request;
        var stream = request.Stream
            ? NewStreamSink(message)
            : null;
        request.Times.ProviderStartedAt = time.Now();
        RouteResult routed;
        try
        {
            routed = await router.RouteAsync(table, route, request, stream, facts, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(response, ResultStatus.Expired, "deadline_exceeded", "the deadline passed during the provider call");
        }

        request.Times.ProviderCompletedAt = time.Now();
        if (stream is not null && routed.Succeeded)
        {
            // Text held back as a possible split placeholder goes out before the answer is final.
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        response.StreamSequence = stream?.Sequence ?? 0;
        response.StreamOutputPiiCount = stream?.OutputPiiCount ?? 0;
        response.Attempts.Add(routed.Attempts);
        if (routed.Deployment is { } deployment)
        {
            response.Provider = deployment.Provider;
            response.Deployment = deployment.Name;
        }

        if (!routed.Succeeded)
        {
            LogProviderFailed(logger, request.RequestId, routed.Deployment?.Name ?? "", routed.Error!.Code);
            response.Status = routed.FailureStatus;
            response.Error = routed.Error;
            return response;
        }

        var result = routed.Answer!;
        var chosen = routed.Deployment!;
        response.Status = ResultStatus.Ok;
        response.Output = result.Output;
        response.FinishReason = result.FinishReason;
        response.Usage = result.Usage;
        response.ProviderModel = result.ProviderModel;
        var cost = chosen.Cost(prices, request.Lane, result.Usage, time.GetUtcNow());
        response.CostNanoUsd = cost.NanoUsd;
        response.PriceVersion = cost.PriceVersion;

        // The end marker comes from the validator: only it knows whether this answer is final.
        return response;
    }

    // llm.stream is client-facing: deltas carry the original values, never placeholders, and PII the
    // model adds only as the app's output policy allows. The mapping is opened once, when first needed.
    private KafkaStreamSink NewStreamSink(RedactedRequest message)
    {
        var request = message.Request;
        var mapping = new Lazy<IReadOnlyDictionary<string, string>>(
            () => message.PiiMapping.IsEmpty ? new Dictionary<string, string>() : vault.Open(message), LazyThreadSafetyMode.None);
        var restorer = message.PiiMapping.IsEmpty ? null : new StreamingPiiRestorer(mapping.Value);
        var scanner = outputScanner.Stream(request.App, () => mapping.Value);
        return new KafkaStreamSink(publisher, topics.Stream, request.RequestId, message.Repair?.StreamSequence ?? 0, scanner, restorer);
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

    /// <summary>
    /// Publishes deltas of one request in order on llm.stream, numbered after <paramref name="startAfter"/>.
    /// Each delta passes the output scan first (PII the model adds is masked or flagged by the app's
    /// policy, the tail that may still be part of a value waits for the next delta), then has its
    /// placeholders restored when the request has a PII mapping (text that may be a split placeholder
    /// waits too).
    /// </summary>
    private sealed class KafkaStreamSink(
        IMessagePublisher publisher, string topic, string requestId, long startAfter, StreamingOutputPiiScanner scanner, StreamingPiiRestorer? restorer) : IStreamSink
    {
        private long _sequence = startAfter;
        private bool _published;
        private int _counted;

        /// <summary>Sequence of the last chunk published (the start value when none was).</summary>
        public long Sequence => _sequence;

        /// <summary>PII values not in the prompt found in the deltas of the current answer.</summary>
        public int OutputPiiCount => scanner.UnknownCount;

        public ValueTask DeltaAsync(string delta, CancellationToken cancellationToken)
        {
            var scanned = scanner.Push(delta);
            var text = restorer is null || scanned.Length == 0 ? scanned : restorer.Push(scanned);
            return text.Length == 0 ? ValueTask.CompletedTask : PublishDelta(text, cancellationToken);
        }

        public ValueTask ResetAsync(CancellationToken cancellationToken)
        {
            scanner.Reset();
            restorer?.Reset();
            _counted = 0;
            if (!_published)
            {
                // Everything was still held back: the consumer has nothing to discard.
                return ValueTask.CompletedTask;
            }

            _published = false;
            return Publish(new StreamChunk { Reset = true }, cancellationToken);
        }

        /// <summary>Publishes the text held back at the end of the answer (the end marker comes from the validator).</summary>
        public async ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            var rest = scanner.Flush();
            if (restorer is not null)
            {
                rest = restorer.Push(rest) + restorer.Flush();
            }

            if (rest.Length > 0)
            {
                await PublishDelta(rest, cancellationToken).ConfigureAwait(false);
            }
        }

        // A value's count travels with the first chunk published once it was scanned.
        private ValueTask PublishDelta(string text, CancellationToken cancellationToken)
        {
            var chunk = new StreamChunk { Delta = text, OutputPiiCount = scanner.UnknownCount - _counted };
            _counted = scanner.UnknownCount;
            _published = true;
            return Publish(chunk, cancellationToken);
        }

        private async ValueTask Publish(StreamChunk chunk, CancellationToken cancellationToken)
        {
            chunk.RequestId = requestId;
            chunk.Sequence = ++_sequence;
            await publisher.PublishAsync(topic, requestId, chunk, cancellationToken).ConfigureAwait(false);
        }
    }
}
