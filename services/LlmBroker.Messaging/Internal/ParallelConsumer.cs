using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace LlmBroker.Messaging.Internal;

/// <summary>
/// The consume loop of a stage: many messages in flight per partition, completed out of order, with
/// only the contiguous completed prefix of each partition stored for commit. Every consumer call runs
/// on one dedicated thread; handlers run on the thread pool.
/// </summary>
internal sealed partial class ParallelConsumer<T>
    where T : class, IMessage<T>, new()
{
    private readonly string _stage;
    private readonly IReadOnlyList<string> _topics;
    private readonly ConsumerOptions _options;
    private readonly KafkaOptions _kafka;
    private readonly IMessageHandler<T> _handler;
    private readonly DeadLetterWriter _deadLetters;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private readonly ManualResetEventSlim _progress = new(false);
    private readonly int _resumeAt;

    private int _inFlight;
    private long? _fullSince;
    private bool _paused;
    private bool _assignmentChanged;
    private volatile bool _fatal;

    public ParallelConsumer(
        string stage,
        IReadOnlyList<string> topics,
        ConsumerOptions options,
        KafkaOptions kafka,
        IMessageHandler<T> handler,
        DeadLetterWriter deadLetters,
        TimeProvider time,
        ILogger logger)
    {
        _stage = stage;
        _topics = topics;
        _options = options;
        _kafka = kafka;
        _handler = handler;
        _deadLetters = deadLetters;
        _logger = logger;
        _resumeAt = (int)(options.MaxInFlight * options.ResumeRatio);
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // A handler's own timeout is retried; only the engine's cancellation (revoke, stop) is not.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e
                    && e is not PoisonMessageException
                    && IsHandlerFailure(e, args.Context.CancellationToken)),
            })
            .Build();
    }

    /// <summary>Messages being processed right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Set when the consumer stopped on a fatal error.</summary>
    public bool Faulted => _fatal;

    public string GroupId => _options.GroupId ?? $"llmbroker-{_stage}";

    /// <summary>Runs the loop on a dedicated thread until <paramref name="stoppingToken"/> fires.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(_kafka, GroupId))
            .SetPartitionsAssignedHandler((_, added) => OnAssigned(added))
            .SetPartitionsRevokedHandler((c, revoked) => OnRevoked(c, revoked.Select(p => p.TopicPartition), drain: true))
            .SetPartitionsLostHandler((c, lost) => OnRevoked(c, lost.Select(p => p.TopicPartition), drain: false))
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    _fatal = true;
                    LogFatal(_logger, _stage, error.Code, error.Reason);
                }
            })
            .Build();

        consumer.Subscribe(_topics);
        LogStarted(_logger, _stage, GroupId, string.Join(',', _topics), _options.MaxInFlight);
        try
        {
            while (!stoppingToken.IsCancellationRequested && !_fatal)
            {
                if (InFlight < _options.MaxInFlight)
                {
                    _fullSince = null;
                }
                else if (!_paused && WaitForCapacity(consumer))
                {
                    StorePositions(consumer);
                    continue;
                }

                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(20));
                }
                catch (ConsumeException e)
                {
                    LogConsumeError(_logger, _stage, e.Error.Code, e.Error.Reason);
                    if (e.Error.IsFatal)
                    {
                        _fatal = true;
                    }

                    continue;
                }

                if (result is { IsPartitionEOF: false, Message: not null })
                {
                    Dispatch(result);
                }

                StorePositions(consumer);
                ApplyBackpressure(consumer);
            }
        }
        finally
        {
            if (!_fatal)
            {
                Drain(_partitions.Values.ToList());
                StorePositions(consumer);
                TryCommit(consumer);
            }

            foreach (var state in _partitions.Values)
            {
                state.Stop();
            }

            // What did not finish is handed back now. Close() revokes the assignment, and OnRevoked
            // must not wait a second DrainTimeout for work that was just cancelled.
            _partitions.Clear();
            consumer.Close();
            LogStopped(_logger, _stage, InFlight);
        }
    }

    private void Dispatch(ConsumeResult<byte[], byte[]> result)
    {
        if (!_partitions.TryGetValue(result.TopicPartition, out var state))
        {
            // A message from a partition no longer assigned: the next owner processes it.
            return;
        }

        state.Tracker.Track(result.Offset.Value);
        Interlocked.Increment(ref _inFlight);
        ThreadPool.UnsafeQueueUserWorkItem(static work => _ = work.Owner.ProcessAsync(work.Result, work.State), new Work(this, result, state), preferLocal: false);
    }

    private async Task ProcessAsync(ConsumeResult<byte[], byte[]> result, PartitionState state)
    {
        var done = false;
        try
        {
            using var activity = Tracing.StartProcessing(_stage, result.Topic, result.Message.Headers);
            done = await HandleOrDeadLetterAsync(result, state.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (state.Token.IsCancellationRequested)
        {
            // Revoked or stopping: the offset stays uncommitted and the next owner processes it.
        }
        catch (Exception e)
        {
            // Not a handler failure (those are dead-lettered): the process itself is in trouble (out
            // of memory, a dead-letter write that cannot succeed). Stop the stage without committing
            // this message, rather than leave its partition's commits stuck behind it for ever.
            LogUnexpected(_logger, e, _stage);
            _fatal = true;
        }
        finally
        {
            if (done)
            {
                state.Tracker.Complete(result.Offset.Value);
            }

            Interlocked.Decrement(ref _inFlight);
            _progress.Set();
        }
    }

    private async Task<bool> HandleOrDeadLetterAsync(ConsumeResult<byte[], byte[]> result, CancellationToken token)
    {
        var message = result.Message;
        if (!ProtobufCodec<T>.TryDecode(message.Value, message.Headers, out var decoded, out var error))
        {
            await DeadLetterAsync(result, DeadLetterReasons.Undecodable, error, 0, token).ConfigureAwait(false);
            return true;
        }

        var context = new MessageContext(
            _stage,
            result.Topic,
            message.Key is null ? null : Encoding.UTF8.GetString(message.Key),
            message.Headers,
            message.Timestamp.UtcDateTime,
            result.Partition.Value,
            result.Offset.Value);
        context.Attempt = 0;
        try
        {
            await _retry.ExecuteAsync(
                async (state, ct) =>
                {
                    state.context.Attempt++;
                    await state.handler.HandleAsync(state.decoded!, state.context, ct).ConfigureAwait(false);
                },
                (context, decoded, handler: _handler),
                token).ConfigureAwait(false);
            return true;
        }
        catch (PoisonMessageException e)
        {
            await DeadLetterAsync(result, e.Reason, e.Message, context.Attempt, token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsHandlerFailure(e, token))
        {
            await DeadLetterAsync(result, DeadLetterReasons.HandlerFailed, $"{e.GetType().Name}: {e.Message}", context.Attempt, token).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>
    /// True when the handler failed on this message. The engine's own cancellation is not a failure,
    /// and running out of memory is the process's problem, not the message's: such a message must not
    /// be retried into the dead-letter topic.
    /// </summary>
    private static bool IsHandlerFailure(Exception e, CancellationToken engineToken) =>
        e is not OutOfMemoryException && !(e is OperationCanceledException && engineToken.IsCancellationRequested);

    private Task DeadLetterAsync(ConsumeResult<byte[], byte[]> result, string reason, string error, int attempts, CancellationToken token) =>
        _deadLetters.WriteAsync(
            _stage,
            result.Topic,
            result.Partition.Value,
            result.Offset.Value,
            result.Message.Key,
            result.Message.Value,
            result.Message.Headers,
            reason,
            error,
            attempts,
            token);

    private void OnAssigned(List<TopicPartition> added)
    {
        foreach (var partition in added)
        {
            _partitions[partition] = new PartitionState();
        }

        _assignmentChanged = true;
        LogAssigned(_logger, _stage, string.Join(',', added));
    }

    private void OnRevoked(IConsumer<byte[], byte[]> consumer, IEnumerable<TopicPartition> partitions, bool drain)
    {
        var revoked = new List<(TopicPartition Partition, PartitionState State)>();
        foreach (var partition in partitions)
        {
            if (_partitions.Remove(partition, out var state))
            {
                revoked.Add((partition, state));
            }
        }

        if (revoked.Count == 0)
        {
            // The loop already handed everything back (Close() at shutdown).
            return;
        }

        if (drain)
        {
            // Give in-flight work of the revoked partitions a chance to finish so its offsets are
            // committed now; what does not finish in time is processed again by the next owner.
            Drain(revoked.ConvertAll(r => r.State));
            foreach (var (partition, state) in revoked)
            {
                StorePosition(consumer, partition, state);
            }

            TryCommit(consumer);
        }

        foreach (var (_, state) in revoked)
        {
            state.Stop();
        }

        _assignmentChanged = true;
        LogRevoked(_logger, _stage, string.Join(',', revoked.Select(r => r.Partition)), drain);
    }

    /// <summary>Waits, up to the drain timeout, for the given partitions' in-flight work to finish.</summary>
    private void Drain(List<PartitionState> states)
    {
        var deadline = Environment.TickCount64 + (long)_options.DrainTimeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            _progress.Reset();
            if (!states.Exists(s => s.Tracker.InFlight > 0))
            {
                return;
            }

            _progress.Wait(50);
        }
    }

    private void StorePositions(IConsumer<byte[], byte[]> consumer)
    {
        foreach (var (partition, state) in _partitions)
        {
            StorePosition(consumer, partition, state);
        }
    }

    private bool StorePosition(IConsumer<byte[], byte[]> consumer, TopicPartition partition, PartitionState state)
    {
        if (state.Tracker.TakePositionToStore() is not { } position)
        {
            return false;
        }

        try
        {
            consumer.StoreOffset(new TopicPartitionOffset(partition, position));
            return true;
        }
        catch (KafkaException e)
        {
            state.Tracker.ForgetStoredPosition();
            LogStoreFailed(_logger, _stage, partition.ToString(), e.Error.Reason);
            return false;
        }
    }

    private void TryCommit(IConsumer<byte[], byte[]> consumer)
    {
        try
        {
            consumer.Commit();
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_NoOffset)
        {
            // Nothing stored since the last commit.
        }
        catch (KafkaException e)
        {
            LogCommitFailed(_logger, _stage, e.Error.Reason);
        }
    }

    /// <summary>
    /// At capacity, first wait (up to PauseAfter) for work to finish: pausing drops the prefetched messages and
    /// costs a fetch round trip on resume, which at high throughput would cap the stage. Only when
    /// capacity stays exhausted (slow providers) are the partitions paused, so the loop can keep
    /// serving the group (rebalances, heartbeats) while it waits. Returns true to keep waiting.
    /// </summary>
    private bool WaitForCapacity(IConsumer<byte[], byte[]> consumer)
    {
        var now = Environment.TickCount64;
        _fullSince ??= now;
        if (now - _fullSince.Value < (long)_options.PauseAfter.TotalMilliseconds)
        {
            _progress.Reset();
            if (InFlight >= _options.MaxInFlight)
            {
                _progress.Wait(5);
            }

            return true;
        }

        consumer.Pause(consumer.Assignment);
        _paused = true;
        _assignmentChanged = false;
        return false;
    }

    private void ApplyBackpressure(IConsumer<byte[], byte[]> consumer)
    {
        var inFlight = InFlight;
        if (_paused && inFlight <= _resumeAt)
        {
            consumer.Resume(consumer.Assignment);
            _paused = false;
        }
        else if (_paused && _assignmentChanged)
        {
            consumer.Pause(consumer.Assignment);
            _assignmentChanged = false;
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Stage {Stage} consuming {Topics} as group {Group}, at most {MaxInFlight} in flight")]
    private static partial void LogStarted(ILogger logger, string stage, string group, string topics, int maxInFlight);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Stage {Stage} stopped with {InFlight} messages unfinished")]
    private static partial void LogStopped(ILogger logger, string stage, int inFlight);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Critical, Message = "Stage {Stage} fatal consumer error {Code}: {Reason}")]
    private static partial void LogFatal(ILogger logger, string stage, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Stage {Stage} consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string stage, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Stage {Stage} message processing failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string stage);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Stage {Stage} assigned {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string stage, string partitions);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "Stage {Stage} revoked {Partitions} (drained: {Drained})")]
    private static partial void LogRevoked(ILogger logger, string stage, string partitions, bool drained);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "Stage {Stage} could not store offset of {Partition}: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string stage, string partition, string reason);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Warning, Message = "Stage {Stage} commit failed: {Reason}")]
    private static partial void LogCommitFailed(ILogger logger, string stage, string reason);

    private sealed record Work(ParallelConsumer<T> Owner, ConsumeResult<byte[], byte[]> Result, PartitionState State);

    private sealed class PartitionState
    {
        private readonly CancellationTokenSource _cancellation = new();

        public OffsetTracker Tracker { get; } = new();

        public CancellationToken Token => _cancellation.Token;

        /// <summary>Revokes the tracker and cancels work still running for the partition.</summary>
        public void Stop()
        {
            Tracker.Revoke();
            _cancellation.Cancel();
        }
    }
}
