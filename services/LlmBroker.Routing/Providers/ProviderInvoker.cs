using System.Diagnostics;
using System.Text.Json;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using ChatMessage = LlmBroker.Contracts.V1.ChatMessage;

namespace LlmBroker.Routing.Providers;

/// <summary>What one provider call produced, after its retries.</summary>
internal sealed record ProviderCallResult(
    bool Succeeded,
    string Output,
    string FinishReason,
    Usage Usage,
    string ProviderModel,
    IReadOnlyList<Attempt> Attempts,
    ErrorInfo? Error);

/// <summary>
/// Calls one deployment through its resilience pipeline (jittered exponential retries that honour
/// Retry-After, the deployment's circuit breaker, a per-attempt timeout), recording every attempt and
/// the deployment's load, latency and token use. A streamed answer that fails mid-way is announced with
/// a reset before it is generated again, so consumers discard the deltas already sent.
/// </summary>
internal sealed class ProviderInvoker(TimeProvider time)
{
    /// <summary>Where the retry strategy finds the Retry-After of the failed attempt.</summary>
    public static readonly ResiliencePropertyKey<RetryAfterBox> RetryAfterKey = new("llmbroker.retry-after");

    /// <summary>
    /// Whether a failed attempt is retried on the same deployment: false when the router has another
    /// deployment to move the request to at once.
    /// </summary>
    public static readonly ResiliencePropertyKey<bool> RetryInPlaceKey = new("llmbroker.retry-in-place");

    /// <summary>How long the failed attempt took, for the circuit breaker's judgement (see <see cref="FailureWindow"/>).</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> AttemptElapsedKey = new("llmbroker.attempt-elapsed");

    private readonly TimeProvider _time = time;

    public async Task<ProviderCallResult> CallAsync(
        ProviderDeployment deployment,
        PromptRequest request,
        IStreamSink? stream,
        CancellationToken cancellationToken,
        bool retryInPlace = true)
    {
        var attempts = new List<Attempt>();
        var messages = request.Messages.Select(ToAiMessage).ToList();
        var options = ToChatOptions(request);
        var health = deployment.Health;
        var retryAfter = new RetryAfterBox();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RetryAfterKey, retryAfter);
        context.Properties.Set(RetryInPlaceKey, retryInPlace);
        try
        {
            var answer = await health.Pipeline.ExecuteAsync(
                async (ctx, _) =>
                {
                    var token = ctx.CancellationToken;
                    var startedAt = _time.Now();
                    var started = _time.GetTimestamp();
                    var deltasSent = 0;
                    RetryAfterBox.Current = retryAfter;
                    retryAfter.Value = null;
                    health.CallStarted();
                    try
                    {
                        var result = stream is null
                            ? await CompleteAsync(deployment.Client, messages, options, token).ConfigureAwait(false)
                            : await StreamAsync(deployment.Client, messages, options, stream, () => deltasSent++, token).ConfigureAwait(false);
                        attempts.Add(NewAttempt(deployment, startedAt, started, 200, ""));
                        health.RecordSuccess(_time.GetElapsedTime(started), result.Usage.InputTokens + result.Usage.OutputTokens);
                        return result;
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        var (errorClass, status, _) = e is OperationCanceledException
                            ? (ProviderErrors.Timeout, 0, true)
                            : ProviderErrors.Classify(e);
                        attempts.Add(NewAttempt(deployment, startedAt, started, status, errorClass));
                        ctx.Properties.Set(AttemptElapsedKey, _time.GetElapsedTime(started));
                        if (deltasSent > 0 && stream is not null)
                        {
                            await stream.ResetAsync(CancellationToken.None).ConfigureAwait(false);
                        }

                        throw;
                    }
                    finally
                    {
                        health.CallEnded();
                    }
                },
                context,
                0).ConfigureAwait(false);
            return answer with { Attempts = attempts };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var (errorClass, _, retryable) = ProviderErrors.Classify(e);
            if (errorClass == ProviderErrors.CircuitOpen)
            {
                attempts.Add(NewAttempt(deployment, _time.Now(), _time.GetTimestamp(), 0, errorClass));
            }

            return new ProviderCallResult(false, "", "", new Usage(), "", attempts, new ErrorInfo
            {
                Code = errorClass,
                Message = $"{deployment.Name}: {Describe(e)} after {attempts.Count} attempt(s)",
                Retryable = retryable || ProviderErrors.TriggersFailover(errorClass),
            });
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async Task<ProviderCallResult> CompleteAsync(IChatClient client, List<AiChatMessage> messages, ChatOptions options, CancellationToken token)
    {
        var response = await client.GetResponseAsync(messages, options, token).ConfigureAwait(false);
        return new ProviderCallResult(true, response.Text, FinishReason(response.FinishReason), ToUsage(response.Usage), response.ModelId ?? "", [], null);
    }

    private static async Task<ProviderCallResult> StreamAsync(
        IChatClient client, List<AiChatMessage> messages, ChatOptions options, IStreamSink sink, Action onDelta, CancellationToken token)
    {
        var text = new System.Text.StringBuilder();
        var usage = new Usage();
        string? finish = null, model = null;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, token).ConfigureAwait(false))
        {
            if (update.Text is { Length: > 0 } delta)
            {
                text.Append(delta);
                onDelta();
                await sink.DeltaAsync(delta, token).ConfigureAwait(false);
            }

            finish = update.FinishReason?.Value ?? finish;
            model = update.ModelId ?? model;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent u)
                {
                    usage = ToUsage(u.Details);
                }
            }
        }

        if (finish is null)
        {
            throw new IOException("the stream ended before the provider finished the answer");
        }

        return new ProviderCallResult(true, text.ToString(), finish, usage, model ?? "", [], null);
    }

    private Attempt NewAttempt(ProviderDeployment deployment, Google.Protobuf.WellKnownTypes.Timestamp startedAt, long started, int status, string errorClass) => new()
    {
        Deployment = deployment.Name,
        Provider = deployment.Provider,
        StatusCode = status,
        ErrorClass = errorClass,
        LatencyMs = (long)_time.GetElapsedTime(started).TotalMilliseconds,
        StartedAt = startedAt,
    };

    private static string Describe(Exception e) => e switch
    {
        TimeoutRejectedException => "timed out",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit open",
        System.ClientModel.ClientResultException c => $"HTTP {c.Status}",
        Anthropic.Exceptions.AnthropicApiException a => $"HTTP {(int)a.StatusCode}",
        _ => e.GetType().Name,
    };

    private static string FinishReason(ChatFinishReason? reason) => reason?.Value ?? "";

    private static Usage ToUsage(UsageDetails? details) => details is null
        ? new Usage()
        : new Usage
        {
            InputTokens = (int)(details.InputTokenCount ?? 0),
            OutputTokens = (int)(details.OutputTokenCount ?? 0),
            CachedInputTokens = (int)(details.CachedInputTokenCount ?? 0),
            ReasoningTokens = (int)(details.ReasoningTokenCount ?? 0),
            CacheWriteTokens = (int)CacheWriteTokens(details),
        };

    /// <summary>Tokens written to the provider's prompt cache (Anthropic reports them; OpenAI caches implicitly).</summary>
    private static long CacheWriteTokens(UsageDetails details)
    {
        if (details.AdditionalCounts is { } counts)
        {
            foreach (var (key, value) in counts)
            {
                if (key.Contains("cache_creation", StringComparison.OrdinalIgnoreCase) || key.Contains("CacheCreation", StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }
        }

        return 0;
    }

    private static AiChatMessage ToAiMessage(ChatMessage message)
    {
        var role = message.Role switch
        {
            Role.System or Role.Developer => ChatRole.System,
            Role.Assistant => ChatRole.Assistant,
            Role.Tool => ChatRole.Tool,
            _ => ChatRole.User,
        };
        return new AiChatMessage(role, message.Content) { AuthorName = message.Name.Length > 0 ? message.Name : null };
    }

    private static ChatOptions ToChatOptions(PromptRequest request)
    {
        var p = request.Params ?? new GenerationParams();
        var options = new ChatOptions
        {
            Temperature = p.HasTemperature ? (float)p.Temperature : null,
            TopP = p.HasTopP ? (float)p.TopP : null,
            MaxOutputTokens = p.HasMaxTokens ? p.MaxTokens : null,
            Seed = p.HasSeed ? p.Seed : null,
            PresencePenalty = p.HasPresencePenalty ? (float)p.PresencePenalty : null,
            FrequencyPenalty = p.HasFrequencyPenalty ? (float)p.FrequencyPenalty : null,
            StopSequences = p.Stop.Count > 0 ? [.. p.Stop] : null,
        };
        options.ResponseFormat = request.ResponseFormat?.Type switch
        {
            ResponseFormat.Types.Type.JsonObject => ChatResponseFormat.Json,
            ResponseFormat.Types.Type.JsonSchema => ChatResponseFormat.ForJsonSchema(
                JsonDocument.Parse(request.ResponseFormat.JsonSchema).RootElement.Clone(),
                request.ResponseFormat.SchemaName.Length > 0 ? request.ResponseFormat.SchemaName : null),
            _ => null,
        };
        Debug.Assert(options is not null);
        return options;
    }
}

/// <summary>Receives the deltas of a streamed answer.</summary>
internal interface IStreamSink
{
    ValueTask DeltaAsync(string delta, CancellationToken cancellationToken);

    /// <summary>The deltas sent so far are void: the answer is being generated again.</summary>
    ValueTask ResetAsync(CancellationToken cancellationToken);
}
