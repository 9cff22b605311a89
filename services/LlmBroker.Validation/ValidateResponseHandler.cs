using System.Text;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Redaction.Privacy;
using LlmBroker.Validation.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Validation;

/// <summary>
/// Last stage: validates the answer. A rejected answer is sent back to the router as a repair request
/// (same lane) while repairs and repair budget last; otherwise the stage publishes the PII-free
/// outcome (for the sinks) and the client-facing result with PII restored (to the request's reply
/// topic or llm.results), with cost, usage and attempts summed over every repair. Only a whole,
/// validated answer becomes an OK result. Everything is acknowledged before the response counts as
/// processed.
/// </summary>
internal sealed partial class ValidateResponseHandler(
    IOutputValidator validator,
    IPiiRestorer restorer,
    OutputPiiScanner outputScanner,
    PiiVault vault,
    IMessagePublisher publisher,
    TopicNames topics,
    IOptions<ValidationOptions> options,
    TimeProvider time,
    ILogger<ValidateResponseHandler> logger) : IMessageHandler<ProviderResponse>
{
    private readonly RequestDeduplicator _deduplicator = new();

    public async Task HandleAsync(ProviderResponse message, MessageContext context, CancellationToken cancellationToken)
    {
        var redacted = message.Request ?? throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, "provider response without its request");
        var request = redacted.Request ?? throw new PoisonMessageException(DeadLetterReasons.InvalidEnvelope, "provider response without its request");
        var key = redacted.RepairAttempt == 0 ? request.RequestId : $"{request.RequestId}#repair{redacted.RepairAttempt}";
        if (!await _deduplicator.RunOnceAsync(key, () => ValidateAndPublishAsync(message, redacted, request, cancellationToken)).ConfigureAwait(false))
        {
            LogDuplicate(logger, request.RequestId, redacted.RepairAttempt);
        }
    }

    private async Task ValidateAndPublishAsync(ProviderResponse message, RedactedRequest redacted, PromptRequest request, CancellationToken cancellationToken)
    {
        request.Times ??= new StageTimes();
        request.Times.ValidatorReceivedAt = time.Now();
        var report = message.Status == ResultStatus.Ok ? validator.Validate(message) : ValidationReport.None;
        var repair = redacted.Repair;
        var streamSequence = Math.Max(message.StreamSequence, repair?.StreamSequence ?? 0);
        if (!report.Passed
            && report.Repairable
            && RepairPolicy.ShouldRepair(options.Value, redacted.RepairAttempt, repair?.RepairCostNanoUsd ?? 0, message.CostNanoUsd))
        {
            await RequestRepairAsync(message, redacted, report, streamSequence, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!report.Passed)
        {
            LogRejected(logger, request.RequestId, redacted.RepairAttempt, string.Join(",", report.ChecksFailed));
            message.Status = report.Repairable ? ResultStatus.FailedValidation : ResultStatus.Rejected;
            message.Error = new ErrorInfo
            {
                Code = report.Repairable ? "validation_failed" : "invalid_validation_rules",
                Message = report.Repairable && redacted.RepairAttempt > 0
                    ? $"still invalid after {redacted.RepairAttempt} repair(s): {report.Error}"
                    : report.Error ?? string.Join(", ", report.ChecksFailed),
            };
        }

        AddEarlierAttempts(message, repair);
        request.Times.ValidatedAt = time.Now();
        if (request.Stream)
        {
            // Deltas of a rejected answer were streamed: tell consumers to drop them before the end marker.
            if (!report.Passed && message.StreamSequence > (repair?.StreamSequence ?? 0))
            {
                await PublishChunkAsync(new StreamChunk { Reset = true }, request.RequestId, ++streamSequence, cancellationToken).ConfigureAwait(false);
            }

            await PublishChunkAsync(new StreamChunk { Done = true }, request.RequestId, ++streamSequence, cancellationToken).ConfigureAwait(false);
        }

        var privacy = outputScanner.Scan(message.Output, request.App, () => vault.Open(redacted));
        if (request.Stream && message is { Status: ResultStatus.Ok, CacheHit: false } && message.StreamOutputPiiCount != privacy.UnknownCount)
        {
            // The streamed deltas were scanned in pieces; a value found only in the whole text reached the stream as written.
            LogStreamScanDiffers(logger, request.RequestId, message.StreamOutputPiiCount, privacy.UnknownCount);
        }

        var outcome = ToOutcome(message, redacted, report);
        ApplyPrivacy(outcome, redacted, privacy);
        var result = ToResult(message, redacted, report, message.Status == ResultStatus.Ok ? restorer.Restore(privacy.ClientOutput, redacted) : "");
        result.OutputPiiCount = privacy.UnknownCount;
        var replyTopic = request.ReplyTopic.Length > 0 ? request.ReplyTopic : topics.Results;
        await Task.WhenAll(
            publisher.PublishAsync(topics.Outcomes, request.RequestId, outcome, cancellationToken),
            publisher.PublishAsync(replyTopic, request.RequestId, result, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request back to the router with the rejected answer and the reasons as two more
    /// turns. Only redacted text travels: the answer as the provider wrote it, placeholders included.
    /// </summary>
    private async Task RequestRepairAsync(ProviderResponse message, RedactedRequest redacted, ValidationReport report, long streamSequence, CancellationToken cancellationToken)
    {
        var request = redacted.Request;
        var earlier = redacted.Repair;
        var next = redacted.Clone();
        var context = new RepairContext
        {
            OriginalMessageCount = earlier?.OriginalMessageCount ?? request.Messages.Count,
            CostNanoUsd = (earlier?.CostNanoUsd ?? 0) + message.CostNanoUsd,
            RepairCostNanoUsd = (earlier?.RepairCostNanoUsd ?? 0) + (redacted.RepairAttempt > 0 ? message.CostNanoUsd : 0),
            Usage = Sum(earlier?.Usage, message.Usage),
            CacheKey = earlier is null ? message.CacheKey : earlier.CacheKey,
            StreamSequence = streamSequence,
        };
        context.Attempts.Add(earlier?.Attempts ?? []);
        context.Attempts.Add(message.Attempts);
        context.ChecksFailed.Add((earlier?.ChecksFailed ?? []).Union(report.ChecksFailed, StringComparer.Ordinal));

        var messages = next.Request.Messages;
        while (messages.Count > context.OriginalMessageCount)
        {
            messages.RemoveAt(messages.Count - 1);
        }

        // PII the model added to its answer is masked before the answer travels back through the middle topics.
        var answer = outputScanner.Scan(message.Output, request.App, () => vault.Open(redacted)).PiiFreeOutput;
        messages.Add(new ChatMessage { Role = Role.Assistant, Content = answer });
        messages.Add(new ChatMessage { Role = Role.User, Content = Feedback(report) });
        next.RepairAttempt = redacted.RepairAttempt + 1;
        next.Repair = context;

        if (request.Stream && message.StreamSequence > (earlier?.StreamSequence ?? 0))
        {
            // The reset must be on llm.stream before the repair's first delta can be.
            context.StreamSequence = streamSequence + 1;
            await PublishChunkAsync(new StreamChunk { Reset = true }, request.RequestId, context.StreamSequence, cancellationToken).ConfigureAwait(false);
        }

        LogRepair(logger, request.RequestId, next.RepairAttempt, string.Join(",", report.ChecksFailed));
        var target = request.Lane == Lane.Batch ? topics.RedactedBatch : topics.Redacted;
        await publisher.PublishAsync(target, request.RequestId, next, cancellationToken).ConfigureAwait(false);
    }

    private static string Feedback(ValidationReport report)
    {
        var text = new StringBuilder("Your previous answer was rejected by automatic output validation:\n");
        foreach (var problem in report.Problems)
        {
            text.Append("- ").Append(problem).Append('\n');
        }

        return text.Append("Write the whole answer again, fixing every problem listed. Reply with the corrected answer only.").ToString();
    }

    private Task PublishChunkAsync(StreamChunk chunk, string requestId, long sequence, CancellationToken cancellationToken)
    {
        chunk.RequestId = requestId;
        chunk.Sequence = sequence;
        return publisher.PublishAsync(topics.Stream, requestId, chunk, cancellationToken);
    }

    /// <summary>The final figures cover every attempt: the rejected answers were paid for too.</summary>
    private static void AddEarlierAttempts(ProviderResponse message, RepairContext? repair)
    {
        if (repair is null)
        {
            return;
        }

        message.CostNanoUsd += repair.CostNanoUsd;
        message.Usage = Sum(repair.Usage, message.Usage);
        var attempts = repair.Attempts.Concat(message.Attempts).ToList();
        message.Attempts.Clear();
        message.Attempts.Add(attempts);
    }

    private static Usage Sum(Usage? a, Usage? b) => new()
    {
        InputTokens = (a?.InputTokens ?? 0) + (b?.InputTokens ?? 0),
        OutputTokens = (a?.OutputTokens ?? 0) + (b?.OutputTokens ?? 0),
        CachedInputTokens = (a?.CachedInputTokens ?? 0) + (b?.CachedInputTokens ?? 0),
        ReasoningTokens = (a?.ReasoningTokens ?? 0) + (b?.ReasoningTokens ?? 0),
        CacheWriteTokens = (a?.CacheWriteTokens ?? 0) + (b?.CacheWriteTokens ?? 0),
    };

    private static Outcome ToOutcome(ProviderResponse response, RedactedRequest redacted, ValidationReport report)
    {
        var request = redacted.Request;
        var cacheKey = redacted.Repair is { CacheKey.Length: > 0 } repair ? repair.CacheKey : response.CacheKey;
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

            // A repaired answer is cached under the original request's key: that is what a repeat asks.
            CacheKey = response.Status == ResultStatus.Ok && !response.CacheHit ? cacheKey : "",
            RedactedOutput = response.Output,
            FinishReason = response.FinishReason,
            PriceVersion = response.PriceVersion,
            RepairCount = redacted.RepairAttempt,
            KeyId = redacted.KeyId,
            TemplateName = redacted.TemplateName,
            TemplateVersion = redacted.TemplateVersion,
        };
        outcome.Tags.Add(request.Tags);
        outcome.Attempts.Add(response.Attempts);
        outcome.RedactedMessages.Add(request.Messages);
        outcome.ChecksRun.Add(report.ChecksRun);
        outcome.ChecksFailed.Add(report.ChecksFailed);
        outcome.RepairedChecks.Add(redacted.Repair?.ChecksFailed ?? []);
        return outcome;
    }

    // The outcome is PII-free: the output with every PII value masked, and counts only.
    private static void ApplyPrivacy(Outcome outcome, RedactedRequest redacted, OutputPiiScan privacy)
    {
        outcome.RedactedOutput = privacy.PiiFreeOutput;
        outcome.PiiEntityCount = redacted.PiiEntityCount;
        outcome.PiiMaskedCount = redacted.PiiMaskedCount;
        outcome.OutputPiiCount = privacy.UnknownCount;
    }

    private static Result ToResult(ProviderResponse response, RedactedRequest redacted, ValidationReport report, string output)
    {
        var request = redacted.Request;
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
            RepairCount = redacted.RepairAttempt,
        };
        result.Attempts.Add(response.Attempts);
        result.Tags.Add(request.Tags);
        result.ChecksFailed.Add(report.ChecksFailed);
        return result;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Response for {RequestId} (repair {RepairAttempt}) seen before; no second result")]
    private static partial void LogDuplicate(ILogger logger, string requestId, int repairAttempt);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Answer for {RequestId} failed {Checks}; repair {RepairAttempt} requested")]
    private static partial void LogRepair(ILogger logger, string requestId, int repairAttempt, string checks);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Answer for {RequestId} failed {Checks} after {RepairAttempt} repair(s); no repair left")]
    private static partial void LogRejected(ILogger logger, string requestId, int repairAttempt, string checks);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Streamed deltas of {RequestId} held {StreamCount} new PII value(s), the whole output {ResultCount}")]
    private static partial void LogStreamScanDiffers(ILogger logger, string requestId, int streamCount, int resultCount);
}
