using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Governance;
using LlmBroker.Messaging;
using LlmBroker.Redaction.Privacy;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Redaction;

/// <summary>
/// First stage: checks the envelope, authenticates and authorizes the request and renders its prompt
/// template (<see cref="RequestGovernor"/>), redacts PII and forwards the request to its lane. An
/// invalid request gets a REJECTED result (when it can be addressed) and goes to the dead-letter
/// topic; a refused one gets a REJECTED result and a REJECTED outcome (the audit record). A request
/// the PII policy blocks gets a REJECTED result only: the dead-letter topic would keep its PII.
/// </summary>
internal sealed partial class RedactRequestHandler(
    EnvelopeValidator validator,
    RequestGovernor governor,
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

        // The received request stays as signed (a retry verifies it again); changes go to a copy.
        var lane = message.Lane != Lane.Unspecified ? message.Lane : context.Topic == topics.RequestsBatch ? Lane.Batch : Lane.Interactive;
        await governor.WhenReadyAsync(cancellationToken).ConfigureAwait(false);
        var decision = governor.Admit(message, context, lane);
        if (!decision.Accepted)
        {
            await RefuseAsync(message, lane, decision, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!await _deduplicator.RunOnceAsync(message.RequestId, () => ForwardAsync(message, lane, decision, cancellationToken)).ConfigureAwait(false))
        {
            LogDuplicate(logger, message.RequestId);
        }
    }

    private Task ForwardAsync(PromptRequest message, Lane lane, GovernanceDecision decision, CancellationToken cancellationToken)
    {
        var forwarded = message.Clone();
        forwarded.Lane = lane;
        forwarded.Signature = null;
        decision.ApplyTo(forwarded);
        RedactedRequest redacted;
        try
        {
            redacted = redactor.Redact(forwarded);
        }
        catch (PiiBlockedException e)
        {
            LogBlocked(logger, forwarded.RequestId, string.Join(", ", e.Types));
            return PublishRejectionAsync(forwarded, "pii_blocked", e.Message, cancellationToken);
        }

        redacted.KeyId = decision.KeyId;
        redacted.TemplateName = decision.TemplateName;
        redacted.TemplateVersion = decision.TemplateVersion;
        redacted.AppLimits = decision.Limits;
        redacted.Request.Times.RedactedAt = time.Now();
        var target = lane == Lane.Batch ? topics.RedactedBatch : topics.Redacted;
        return publisher.PublishAsync(target, forwarded.RequestId, redacted, cancellationToken);
    }

    private async Task RefuseAsync(PromptRequest request, Lane lane, GovernanceDecision decision, CancellationToken cancellationToken)
    {
        LogRefused(logger, request.RequestId, decision.Reason);
        // The audit record: PII-free (no messages), with the exact reason.
        var outcome = new Outcome
        {
            RequestId = request.RequestId,
            Tenant = request.Tenant,
            App = request.App,
            Model = request.Model,
            Lane = lane,
            BatchId = request.BatchId,
            CustomId = request.CustomId,
            Status = ResultStatus.Rejected,
            Error = new ErrorInfo { Code = decision.ErrorCode, Message = decision.Message },
            Times = request.Times,
            KeyId = decision.KeyId,
            RejectionReason = decision.Reason,
        };
        outcome.Tags.Add(request.Tags);
        await publisher.PublishAsync(topics.Outcomes, request.RequestId, outcome, cancellationToken).ConfigureAwait(false);
        if (decision.IsReplay)
        {
            // The original already has its result: one result per request id.
            throw new PoisonMessageException(decision.Reason, decision.Message);
        }

        await PublishRejectionAsync(request, decision.ErrorCode, $"{decision.Reason}: {decision.Message}", cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Request {RequestId} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Request {RequestId} blocked by the privacy policy ({EntityTypes})")]
    private static partial void LogBlocked(ILogger logger, string requestId, string entityTypes);
}
