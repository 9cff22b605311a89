using System.Runtime.CompilerServices;
using Confluent.Kafka;
using LlmBroker.Client.Internal;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;

namespace LlmBroker.Client;

/// <summary>Progress of a bulk submission.</summary>
public readonly record struct SubmitProgress(int Submitted, int Completed, int Total);

/// <summary>
/// Submits prompt requests to LlmBroker over Kafka and receives their results: fire-and-forget,
/// submit-and-await (request/reply over a reply topic), bulk submission with progress, and a result
/// subscription. Thread-safe; create one per process.
/// </summary>
public sealed class LlmBrokerClient : IAsyncDisposable
{
    private readonly LlmBrokerClientOptions _options;
    private readonly KafkaOptions _kafka;
    private readonly TopicNames _topics;
    private readonly TimeProvider _time;
    private readonly IMessagePublisher _publisher;
    private readonly Lazy<ResultListener> _listener;

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
        _publisher = MessagingClients.CreatePublisher(_kafka);
        _listener = new Lazy<ResultListener>(() => new ResultListener(_kafka, ReplyTopic), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The topic results of this client's awaited requests arrive on.</summary>
    public string ReplyTopic => _options.ReplyTopic ?? _topics.Results;

    /// <summary>
    /// Publishes a request and returns its id once Kafka has acknowledged it. Fills the request id
    /// (UUIDv7), tenant, app, lane and submission time when missing.
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
        Prepare(request);
        request.ReplyTopic = ReplyTopic;
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
    /// Publishes many requests (results to <see cref="ReplyTopic"/>) and waits for all their results,
    /// reporting progress. Results come back in submission order; a request with no result by the
    /// timeout ends the wait with a <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<IReadOnlyList<Result>> SubmitBatchAsync(
        IReadOnlyList<PromptRequest> requests,
        TimeSpan timeout,
        IProgress<SubmitProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var waits = new Task<Result>[requests.Count];
        var completed = 0;
        var submitted = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            Prepare(request);
            request.ReplyTopic = ReplyTopic;
            waits[i] = _listener.Value.Expect(request.RequestId);
            _ = waits[i].ContinueWith(
                _ => progress?.Report(new SubmitProgress(Volatile.Read(ref submitted), Interlocked.Increment(ref completed), requests.Count)),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        await SubmitManyAsync(requests, new Progress<int>(n => Volatile.Write(ref submitted, n)), cancellationToken).ConfigureAwait(false);
        progress?.Report(new SubmitProgress(requests.Count, Volatile.Read(ref completed), requests.Count));
        try
        {
            return await Task.WhenAll(waits).WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var request in requests)
            {
                _listener.Value.Forget(request.RequestId);
            }
        }
    }

    /// <summary>Publishes many requests with a bounded number unacknowledged at once; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> SubmitManyAsync(
        IEnumerable<PromptRequest> requests,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        var pending = new List<Task>(_options.MaxPendingSubmits);
        var acknowledged = 0;
        foreach (var request in requests)
        {
            Prepare(request);
            ids.Add(request.RequestId);
            pending.Add(_publisher.PublishAsync(TopicFor(request), request.RequestId, request, cancellationToken));
            if (pending.Count >= _options.MaxPendingSubmits)
            {
                await Task.WhenAll(pending).ConfigureAwait(false);
                acknowledged += pending.Count;
                pending.Clear();
                progress?.Report(acknowledged);
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        progress?.Report(acknowledged + pending.Count);
        return ids;
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

    private void Prepare(PromptRequest request)
    {
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
    }

    private string TopicFor(PromptRequest request) => request.Lane == Lane.Batch ? _topics.RequestsBatch : _topics.Requests;
}
