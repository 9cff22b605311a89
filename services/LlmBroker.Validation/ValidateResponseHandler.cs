using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Validation;

/// <summary>
/// Last stage: validates the answer, then publishes the PII-free outcome (for the sinks) and the
/// client-facing result with PII restored (to the request's reply topic or llm.results). Both are
/// acknowledged before the response counts as processed.
/// </summary>
internal sealed partial class ValidateResponseHandler(
    IOutputValidator validator,
    IPiiRestorer restorer,
    IMessagePublisher publisher,
    TopicNames topics,
    TimeProvider time,
    ILogger<ValidateResponseHandler> logger) : IMessageHandler<ProviderResponse>
{
    private readonly RequestDeduplicator _deduplicator = new();

    public async Task HandleAsync(ProviderResponse message, MessageContext context, CancellationToken cancellationToken)
    {
        var redacted = message.Request ?? throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, "provider response without its request");
        var request = redacted.Request ?? throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, "provider response without its request");
        if (!await _deduplicator.RunOnceAsync(request.RequestId, () => ValidateAndPublishAsync(message, redacted, request, cancellationToken)).ConfigureAwait(false))
        {
            LogDuplicate(logger, request.RequestId);
        }
    }

    private Task ValidateAndPublishAsync(ProviderResponse message, RedactedRequest redacted, PromptRequest request, CancellationToken cancellationToken)
    {
        request.Times ??= new StageTimes();
        request.Times.ValidatorReceivedAt = time.Now();
        var report = message.Status == ResultStatus.Ok ? validator.Validate(message) : ValidationReport.None;
        if (!report.Passed)
        {
            message.Status = ResultStatus.FailedValidation;
            message.Error = new ErrorInfo { Code = "validation_failed", Message = report.Error ?? string.Join(", ", report.ChecksFailed) };
        }

        request.Times.ValidatedAt = time.Now();
        var outcome = ToOutcome(message, request, report);
        var result = ToResult(message, request, message.Status == ResultStatus.Ok ? restorer.Restore(message.Output, redacted) : "");
        var replyTopic = request.ReplyTopic.Length > 0 ? request.ReplyTopic : topics.Results;
        return Task.WhenAll(
            publisher.PublishAsync(topics.Outcomes, request.RequestId, outcome, cancellationToken),
            publisher.PublishAsync(replyTopic, request.RequestId, result, cancellationToken));
    }

    private static Outcome ToOutcome(ProviderResponse response, PromptRequest request, ValidationReport report)
    {
        var outcome = new Outcome
        {
            RequestId = request.RequestId,
            Tenant = request.Tenant,
            App = request.App,
            Model = request.Model,
            Lane = request.Lane,
            BatchId = request.BatchId,
            CustomId = request.CustomId,
            Status = response.Status,
            Error = response.Error,
            Provider = response.Provider,
            Deployment = response.Deployment,
            ProviderModel = response.ProviderModel,
            Usage = response.Usage ?? new Usage(),
            CostNanoUsd = response.CostNanoUsd,
            CacheHit = response.CacheHit,
            Times = request.Times,
            CacheKey = response.Status == ResultStatus.Ok && !response.CacheHit ? response.CacheKey : "",
            RedactedOutput = response.Output,
            FinishReason = response.FinishReason,
            PriceVersion = response.PriceVersion,
            KeyId = response.Request?.KeyId ?? "",
            TemplateName = response.Request?.TemplateName ?? "",
            TemplateVersion = response.Request?.TemplateVersion ?? 0,
        };
        outcome.Tags.Add(request.Tags);
        outcome.Attempts.Add(response.Attempts);
        outcome.RedactedMessages.Add(request.Messages);
        outcome.ChecksRun.Add(report.ChecksRun);
        outcome.ChecksFailed.Add(report.ChecksFailed);
        return outcome;
    }

    private static Result ToResult(ProviderResponse response, PromptRequest request, string output)
    {
        var result = new Result
        {
            RequestId = request.RequestId,
            CustomId = request.CustomId,
            BatchId = request.BatchId,
            Tenant = request.Tenant,
            App = request.App,
            Model = request.Model,
            Status = response.Status,
            Error = response.Error,
            Output = output,
            FinishReason = response.FinishReason,
            Usage = response.Usage ?? new Usage(),
            CostNanoUsd = response.CostNanoUsd,
            Provider = response.Provider,
            Deployment = response.Deployment,
            ProviderModel = response.ProviderModel,
            CacheHit = response.CacheHit,
            Times = request.Times,
        };
        result.Attempts.Add(response.Attempts);
        result.Tags.Add(request.Tags);
        return result;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Response for {RequestId} seen before; no second result")]
    private static partial void LogDuplicate(ILogger logger, string requestId);
}
