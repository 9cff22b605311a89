using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Redaction.Privacy;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Redaction;

/// <summary>
/// First stage: checks the envelope, redacts PII and forwards the request to its lane. An invalid
/// request gets a REJECTED result (when it can be addressed) and goes to the dead-letter topic. A
/// request the PII policy blocks gets a REJECTED result only: the dead-letter topic would keep its PII.
/// </summary>
internal sealed partial class RedactRequestHandler(
    EnvelopeValidator validator,
    IPromptRedactor redactor,
    IMessagePublisher publisher,
    TopicNames topics,
    TimeProvider time,
    ILogger<RedactRequestHandler> logger) : IMessageHandler<PromptRequest>
{
    private readonly RequestDeduplicator _deduplicator = new();

    public async Task HandleAsync(PromptRequest message, MessageContext context, CancellationToken cancellationToken)
    {
        message.Times ??= new StageTimes();
        message.Times.RedactorReceivedAt = time.Now();
        var errors = validator.Validate(message, time.GetUtcNow());
        if (errors.Count > 0)
        {
            var reason = string.Join("; ", errors);
            if (RequestIds.IsValid(message.RequestId))
            {
                await PublishRejectionAsync(message, "invalid_request", reason, cancellationToken).ConfigureAwait(false);
            }

            throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, reason);
        }

        if (!await _deduplicator.RunOnceAsync(message.RequestId, () => ForwardAsync(message, context, cancellationToken)).ConfigureAwait(false))
        {
            LogDuplicate(logger, message.RequestId);
        }
    }

    private Task ForwardAsync(PromptRequest message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.Lane == Lane.Unspecified)
        {
            message.Lane = context.Topic == topics.RequestsBatch ? Lane.Batch : Lane.Interactive;
        }

        RedactedRequest redacted;
        try
        {
            redacted = redactor.Redact(message);
        }
        catch (PiiBlockedException e)
        {
            LogBlocked(logger, message.RequestId, string.Join(", ", e.Types));
            return PublishRejectionAsync(message, "pii_blocked", e.Message, cancellationToken);
        }

        redacted.Request.Times.RedactedAt = time.Now();
        var target = redacted.Request.Lane == Lane.Batch ? topics.RedactedBatch : topics.Redacted;
        return publisher.PublishAsync(target, message.RequestId, redacted, cancellationToken);
    }

    private Task PublishRejectionAsync(PromptRequest request, string code, string reason, CancellationToken cancellationToken)
    {
        var result = new Result
        {
            RequestId = request.RequestId,
            CustomId = request.CustomId,
            BatchId = request.BatchId,
            Tenant = request.Tenant,
            App = request.App,
            Model = request.Model,
            Status = ResultStatus.Rejected,
            Error = new ErrorInfo { Code = code, Message = reason },
            Times = request.Times,
        };
        var topic = request.ReplyTopic.Length > 0 && !reason.Contains("reply_topic", StringComparison.Ordinal) ? request.ReplyTopic : topics.Results;
        return publisher.PublishAsync(topic, request.RequestId, result, cancellationToken);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Request {RequestId} seen before; not forwarded again")]
    private static partial void LogDuplicate(ILogger logger, string requestId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Request {RequestId} blocked by the privacy policy ({EntityTypes})")]
    private static partial void LogBlocked(ILogger logger, string requestId, string entityTypes);
}
