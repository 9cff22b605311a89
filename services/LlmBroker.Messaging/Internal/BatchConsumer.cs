using Confluent.Kafka;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace LlmBroker.Messaging.Internal;

/// <summary>
/// The consume loop of a sink: reads messages into batches and hands each batch, with the next
/// offsets of its partitions, to a handler that stores both in one transaction. On assignment the
/// loop resumes from the positions stored by the sink, not from Kafka's committed offsets, so a
/// replay after a crash neither loses nor duplicates rows.
/// </summary>
internal sealed partial class BatchConsumer<T>
    where T : class, IMessage<T>, new()
{
    private readonly string _stage;
    private readonly IReadOnlyList<string> _topics;
    private readonly ConsumerOptions _options;
    private readonly KafkaOptions _kafka;
    private readonly IBatchHandler<T> _handler;
    private readonly IConsumerPositionStore _positions;
    private List<TopicPartitionOffset> _positionsToStore = [];
    private readonly DeadLetterWriter _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<T> _pending = [];
    private readonly List<MessageSource> _pendingSources = [];
    private readonly Dictionary<TopicPartition, long> _pendingPositions = [];
    private CancellationToken _stopping;

    public BatchConsumer(
        string stage,
        IReadOnlyList<string> topics,
        ConsumerOptions options,
        KafkaOptions kafka,
        IBatchHandler<T> handler,
        IConsumerPositionStore positions,
        DeadLetterWriter deadLetters,
        TimeProvider time,
        ILogger logger)
    {
        _stage = stage;
        _topics = topics;
        _options = options;
        _kafka = kafka;
        _handler = handler;
        _positions = positions;
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
    }

    public string GroupId => _options.GroupId ?? $"llmbroker-{_stage}";

    /// <summary>Batches written since start.</summary>
    public long BatchesWritten { get; private set; }

    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var fatal = false;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(_kafka, GroupId))
            .SetPartitionsAssignedHandler((_, added) => StoredPositionsFor(added))
            .SetPartitionsRevokedHandler((c, _) => Flush(c))
            .SetPartitionsLostHandler((_, _) => DropPending())
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    fatal = true;
                    LogFatal(_logger, _stage, error.Code, error.Reason);
                }
            })
            .Build();

        consumer.Subscribe(_topics);
        LogStarted(_logger, _stage, GroupId, string.Join(',', _topics));
        var batchDeadline = long.MaxValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested && !fatal)
            {
                var wait = batchDeadline == long.MaxValue ? 100 : Math.Clamp(batchDeadline - Environment.TickCount64, 0, 100);
                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(wait));
                }
                catch (ConsumeException e)
                {
                    LogConsumeError(_logger, _stage, e.Error.Code, e.Error.Reason);
                    continue;
                }

                if (_positionsToStore.Count > 0)
                {
                    StoreResumedPositions(consumer);
                }

                if (result is { IsPartitionEOF: false, Message: not null })
                {
                    Add(result);
                    if (batchDeadline == long.MaxValue)
                    {
                        batchDeadline = Environment.TickCount64 + (long)_options.MaxBatchWait.TotalMilliseconds;
                    }
                }

                if (_pending.Count >= _options.MaxBatchSize || (_pendingPositions.Count > 0 && Environment.TickCount64 >= batchDeadline))
                {
                    Flush(consumer);
                    batchDeadline = long.MaxValue;
                }
            }

            if (!fatal)
            {
                Flush(consumer);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while a batch was failing: its positions were not stored, so it is read again.
        }
        finally
        {
            consumer.Close();
            LogStopped(_logger, _stage, BatchesWritten);
        }
    }

    private IEnumerable<TopicPartitionOffset> StoredPositionsFor(List<TopicPartition> added)
    {
        var stored = _positions.LoadAsync(GroupId, _topics.ToArray(), _stopping).GetAwaiter().GetResult()
            .ToDictionary(p => new TopicPartition(p.Topic, p.Partition), p => p.NextOffset);
        LogAssigned(_logger, _stage, string.Join(',', added), stored.Count);
        var assigned = added.Select(p => new TopicPartitionOffset(p, stored.TryGetValue(p, out var next) ? new Offset(next) : Offset.Beginning)).ToList();

        // Kafka's committed offsets follow the sink's positions from the start, so operators see no
        // false lag when a store was lost to an earlier revocation and nothing new arrives.
        _positionsToStore = assigned.Where(p => p.Offset != Offset.Beginning).ToList();
        return assigned;
    }

    /// <summary>Stores, once assigned, the positions the sink resumed from.</summary>
    private void StoreResumedPositions(IConsumer<byte[], byte[]> consumer)
    {
        foreach (var position in _positionsToStore)
        {
            try
            {
                consumer.StoreOffset(position);
            }
            catch (KafkaException)
            {
                // Revoked again meanwhile: the next owner stores it.
            }
        }

        _positionsToStore = [];
    }

    private void Add(ConsumeResult<byte[], byte[]> result)
    {
        var message = result.Message;
        if (ProtobufCodec<T>.TryDecode(message.Value, message.Headers, out var decoded, out var error))
        {
            _pending.Add(decoded!);
            _pendingSources.Add(new MessageSource(result.Topic, result.Partition.Value, result.Offset.Value));
        }
        else
        {
            _deadLetters.WriteAsync(
                _stage, result.Topic, result.Partition.Value, result.Offset.Value, message.Key, message.Value, message.Headers,
                DeadLetterReasons.Undecodable, error, 0, _stopping).GetAwaiter().GetResult();
        }

        _pendingPositions[result.TopicPartition] = result.Offset.Value + 1;
    }

    /// <summary>Writes the pending batch, retrying with backoff until it succeeds or the sink stops.</summary>
    private void Flush(IConsumer<byte[], byte[]> consumer)
    {
        if (_pendingPositions.Count == 0)
        {
            return;
        }

        var positions = _pendingPositions.Select(p => new ConsumerPosition(p.Key.Topic, p.Key.Partition.Value, p.Value)).ToArray();
        var batch = new SinkBatch<T>(GroupId, _pending.ToArray(), positions, _pendingSources.ToArray());
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                _handler.HandleBatchAsync(batch, _stopping).GetAwaiter().GetResult();
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogBatchFailed(_logger, e, _stage, batch.Messages.Count);
                Task.Delay(delay, _time, _stopping).GetAwaiter().GetResult();
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }

        BatchesWritten++;
        foreach (var (partition, next) in _pendingPositions)
        {
            try
            {
                // Kafka's committed offsets only show lag to operators; the sink's own positions rule.
                consumer.StoreOffset(new TopicPartitionOffset(partition, next));
            }
            catch (KafkaException)
            {
                // The partition was revoked meanwhile; the stored position in the sink is what counts.
            }
        }

        DropPending();
    }

    private void DropPending()
    {
        _pending.Clear();
        _pendingSources.Clear();
        _pendingPositions.Clear();
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Sink {Stage} consuming {Topics} as group {Group}")]
    private static partial void LogStarted(ILogger logger, string stage, string group, string topics);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Sink {Stage} stopped after {Batches} batches")]
    private static partial void LogStopped(ILogger logger, string stage, long batches);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Critical, Message = "Sink {Stage} fatal consumer error {Code}: {Reason}")]
    private static partial void LogFatal(ILogger logger, string stage, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Sink {Stage} consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string stage, ErrorCode code, string reason);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Error, Message = "Sink {Stage} failed to write a batch of {Count}; retrying")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, string stage, int count);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Sink {Stage} assigned {Partitions} ({Stored} stored positions)")]
    private static partial void LogAssigned(ILogger logger, string stage, string partitions, int stored);
}
