using System.Globalization;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using LlmBroker.Client.Internal;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;

namespace LlmBroker.Client;

/// <summary>Progress of a bulk submission.</summary>
/// <param name="Submitted">Requests acknowledged by Kafka so far.</param>
/// <param name="Completed">Requests whose result has arrived so far.</param>
/// <param name="Total">Requests in the batch.</param>
public readonly record struct SubmitProgress(int Submitted, int Completed, int Total);

/// <summary>
/// Submits prompt requests to LlmBroker over Kafka and receives their results: fire-and-forget,
/// submit-and-await (request/reply over a reply topic), bulk submission with progress, and a result
/// subscription. Thread-safe; create one per process.
/// </summary>
public sealed class LlmBrokerClient : IAsyncDisposable
{
    /// <summary>
    /// Error code of the <see cref="ResultStatus.Expired"/> result <see cref="SubmitBatchAsync"/>
    /// returns for a request whose result did not arrive within the timeout. (The pipeline's own
    /// expiry, a passed deadline, uses <c>deadline_exceeded</c>.)
    /// </summary>
    public const string TimeoutErrorCode = "timeout";

    /// <summary>How often bulk submissions sample their counters for progress reports.</summary>
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(100);

    private readonly LlmBrokerClientOptions _options;
    private readonly KafkaOptions _kafka;
    private readonly TopicNames _topics;
    private readonly TimeProvider _time;
    private readonly IMessagePublisher _publisher;
    private readonly Lazy<ResultListener> _listener;
    private readonly byte[]? _signingKey;

    /// <summary>Creates a client; no connection is made until the first call.</summary>
    public LlmBrokerClient(LlmBrokerClientOptions options, TimeProvider? time = null)
    {
        _options = options;
        _time = time ?? TimeProvider.System;
        _kafka = new KafkaOptions
        {
            BootstrapServers = options.BootstrapServers,
            TopicPrefix = options.TopicPrefix,
            Properties = options.KafkaProperties,
            ClientId = "llmbroker-client",
        };
        _topics = new TopicNames(options.TopicPrefix);
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            if (string.IsNullOrEmpty(options.KeyId))
            {
                throw new ArgumentException("KeyId is required with ApiKey.", nameof(options));
            }

            _signingKey = RequestSigning.DeriveSigningKey(options.ApiKey);
        }

        _publisher = MessagingClients.CreatePublisher(_kafka);
        _listener = new Lazy<ResultListener>(() => new ResultListener(_kafka, ReplyTopic), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The topic results of this client's awaited requests arrive on.</summary>
    public string ReplyTopic => _options.ReplyTopic ?? _topics.Results;

    /// <summary>
    /// Publishes a request and returns its id once Kafka has acknowledged it. Fills the request id
    /// (UUIDv7), tenant, app, lane and submission time when missing, then signs it when the client
    /// has an API key.
    /// </summary>
    public async Task<string> SubmitAsync(PromptRequest request, CancellationToken cancellationToken = default)
    {
        Prepare(request);
        await _publisher.PublishAsync(TopicFor(request), request.RequestId, request, cancellationToken).ConfigureAwait(false);
        return request.RequestId;
    }

    /// <summary>Publishes a request and waits for its result (request/reply over <see cref="ReplyTopic"/>).</summary>
    public async Task<Result> SubmitAndWaitAsync(PromptRequest request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Prepare(request, ReplyTopic);
        var result = _listener.Value.Expect(request.RequestId);
        try
        {
            await _publisher.PublishAsync(TopicFor(request), request.RequestId, request, cancellationToken).ConfigureAwait(false);
            return await result.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _listener.Value.Forget(request.RequestId);
        }
    }

    /// <summary>
    /// Publishes many requests (results to <see cref="ReplyTopic"/>) and waits up to
    /// <paramref name="timeout"/> after the last one is acknowledged for all their results.
    /// </summary>
    /// <returns>
    /// One result per request, in submission order. A request whose result did not arrive in time
    /// gets a result made up by the client: status <see cref="ResultStatus.Expired"/> and error code
    /// <see cref="TimeoutErrorCode"/> (the request may still be answered later, on
    /// <see cref="ReplyTopic"/>).
    /// </returns>
    /// <param name="requests">The requests; ids, tenant, app, lane and submission time are filled when missing.</param>
    /// <param name="timeout">How long to wait for the results once every request is acknowledged.</param>
    /// <param name="progress">
    /// Receives acknowledged and completed counts a few times a second while the batch runs (only
    /// when they changed), and the final counts before the method returns.
    /// </param>
    /// <param name="cancellationToken">Stops submitting and waiting.</param>
    public async Task<IReadOnlyList<Result>> SubmitBatchAsync(
        IReadOnlyList<PromptRequest> requests,
        TimeSpan timeout,
        IProgress<SubmitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var waits = new Task<Result>[requests.Count];
        var acknowledged = new Counter();
        var completed = new Counter();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            Prepare(request, ReplyTopic);
            waits[i] = _listener.Value.Expect(request.RequestId);
            _ = waits[i].ContinueWith(
                static (_, counter) => ((Counter)counter!).Increment(),
                completed,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        // The waits run their continuations asynchronously, so the counter may trail the waits by
        // a few; the final report counts the waits themselves.
        var arrived = -1;
        using var sampler = ProgressSampler<SubmitProgress>.Start(
            progress,
            () => new SubmitProgress(acknowledged.Value, Volatile.Read(ref arrived) is var final and >= 0 ? final : completed.Value, requests.Count),
            _time,
            s_progressInterval);
        try
        {
            await PublishAllAsync(requests, acknowledged, cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.WhenAll(waits).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Keep what arrived; the rest is reported per request below.
            }

            var results = new Result[requests.Count];
            var returned = 0;
            for (var i = 0; i < results.Length; i++)
            {
                if (waits[i].IsCompletedSuccessfully)
                {
                    results[i] = waits[i].Result;
                    returned++;
                }
                else
                {
                    results[i] = NoResultWithin(requests[i], timeout);
                }
            }

            Volatile.Write(ref arrived, returned);
            return results;
        }
        finally
        {
            foreach (var request in requests)
            {
                _listener.Value.Forget(request.RequestId);
            }
        }
    }

    /// <summary>
    /// Publishes many requests with at most <see cref="LlmBrokerClientOptions.MaxPendingSubmits"/>
    /// unacknowledged at once; returns their ids once every one is acknowledged.
    /// </summary>
    /// <param name="requests">The requests; ids, tenant, app, lane and submission time are filled when missing.</param>
    /// <param name="progress">
    /// Receives the number of requests acknowledged so far a few times a second while publishing
    /// (only when it changed), and the final number before the method returns.
    /// </param>
    /// <param name="cancellationToken">Stops publishing.</param>
    public async Task<IReadOnlyList<string>> SubmitManyAsync(
        IEnumerable<PromptRequest> requests,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var acknowledged = new Counter();
        using var sampler = ProgressSampler<int>.Start(progress, () => acknowledged.Value, _time, s_progressInterval);
        return await PublishAllAsync(requests, acknowledged, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads results as a consumer group (each result goes to one member of the group), from the
    /// group's committed position, or from the beginning for a new group when asked.
    /// </summary>
    public async IAsyncEnumerable<Result> SubscribeAsync(
        string groupId,
        bool fromBeginning = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var config = MessagingClients.ConsumerConfig(_kafka, groupId);
        config.EnableAutoOffsetStore = true;
        config.AutoOffsetReset = fromBeginning ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Subscribe(ReplyTopic);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var consumed = await Task.Run(() => consumer.Consume(TimeSpan.FromMilliseconds(200)), CancellationToken.None).ConfigureAwait(false);
                if (consumed?.Message is { } message && MessagingClients.TryDecode<Result>(message, out var result, out _))
                {
                    yield return result!;
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_listener.IsValueCreated)
        {
            _listener.Value.Dispose();
        }

        ((IDisposable)_publisher).Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<string>> PublishAllAsync(IEnumerable<PromptRequest> requests, Counter acknowledged, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var pending = new List<Task>(Math.Min(_options.MaxPendingSubmits, 65_536));
        foreach (var request in requests)
        {
            Prepare(request);
            ids.Add(request.RequestId);
            pending.Add(PublishCountedAsync(request, acknowledged, cancellationToken));
            if (pending.Count >= _options.MaxPendingSubmits)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                pending.Clear();
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        return ids;
    }

    private async Task PublishCountedAsync(PromptRequest request, Counter acknowledged, CancellationToken cancellationToken)
    {
        await _publisher.PublishAsync(TopicFor(request), request.RequestId, request, cancellationToken).ConfigureAwait(false);
        acknowledged.Increment();
    }

    private static Result NoResultWithin(PromptRequest request, TimeSpan timeout)
    {
        var result = new Result
        {
            RequestId = request.RequestId,
            CustomId = request.CustomId,
            BatchId = request.BatchId,
            Tenant = request.Tenant,
            App = request.App,
            Model = request.Model,
            Status = ResultStatus.Expired,
            Error = new ErrorInfo
            {
                Code = TimeoutErrorCode,
                Message = string.Create(CultureInfo.InvariantCulture, $"no result within {timeout.TotalSeconds:0.###} s"),
            },
        };
        result.Tags.Add(request.Tags);
        return result;
    }

    private void Prepare(PromptRequest request, string? replyTopic = null)
    {
        if (replyTopic is not null)
        {
            request.ReplyTopic = replyTopic;
        }

        if (request.RequestId.Length == 0)
        {
            request.RequestId = RequestIds.New(_time.GetUtcNow());
        }

        if (request.Tenant.Length == 0)
        {
            request.Tenant = _options.Tenant;
        }

        if (request.App.Length == 0)
        {
            request.App = _options.App;
        }

        if (request.Lane == Lane.Unspecified)
        {
            request.Lane = request.BatchId.Length > 0 ? Lane.Batch : Lane.Interactive;
        }

        request.Times ??= new StageTimes();
        request.Times.SubmittedAt ??= _time.Now();
        // Last: the signature covers every field set above.
        if (_signingKey is not null)
        {
            RequestSigning.Sign(request, _options.KeyId!, _signingKey, _time.GetUtcNow());
        }
    }

    private string TopicFor(PromptRequest request) => request.Lane == Lane.Batch ? _topics.RequestsBatch : _topics.Requests;
}
