using System.Threading.Channels;
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
/// <remarks>
/// Reading and writing overlap: the partitions are split over <see cref="ConsumerOptions.WriteLanes"/>
/// lanes (a partition always in the same lane), each with a writer that stores its batches one
/// after the other, in read order, while the loop reads and decodes the next ones and the handler
/// prepares complete batches on the thread pool; a lane holds at most two batches waiting behind the
/// one being written. Before partitions are given up (revoked,
/// lost, shutdown) the loop waits until every batch handed over is written or abandoned, so no
/// batch is written after its partitions have gone.
/// </remarks>
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
    private readonly Lane[] _lanes;
    private readonly List<Write> _writes = [];
    private CancellationToken _stopping;
    private long _batchesWritten;

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
        _lanes = Enumerable.Range(0, Math.Max(1, options.WriteLanes)).Select(_ => new Lane()).ToArray();
    }

    public string GroupId => _options.GroupId ?? $"llmbroker-{_stage}";

    /// <summary>Batches written since start.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    public Task RunAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var fatal = false;
        var writers = _lanes.Select(lane => Task.Run(() => WriteLoopAsync(lane), CancellationToken.None)).ToArray();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(KafkaClientConfig.Consumer(_kafka, GroupId))
            .SetPartitionsAssignedHandler((_, added) => StoredPositionsFor(added))
            .SetPartitionsRevokedHandler((c, _) => HandOverAndDrain(c))
            .SetPartitionsLostHandler((c, _) => DropPendingAndDrain(c))
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
        try
        {
            while (!stoppingToken.IsCancellationRequested && !fatal)
            {
                var deadline = _lanes.Min(l => l.Deadline);
                var wait = deadline == long.MaxValue ? 100 : Math.Clamp(deadline - Environment.TickCount64, 0, 100);
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
                    var lane = LaneOf(result.TopicPartition);
                    Add(lane, result);
                    if (lane.Deadline == long.MaxValue)
                    {
                        lane.Deadline = Environment.TickCount64 + (long)_options.MaxBatchWait.TotalMilliseconds;
                    }
                }

                foreach (var lane in _lanes)
                {
                    if (lane.Messages.Count >= _options.MaxBatchSize || (lane.Positions.Count > 0 && Environment.TickCount64 >= lane.Deadline))
                    {
                        HandOver(lane);
                    }
                }

                StoreWrittenPositions(consumer, wait: false);
            }

            if (!fatal)
            {
                HandOverAndDrain(consumer);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while a batch was failing: its positions were not stored, so it is read again.
        }
        finally
        {
            foreach (var lane in _lanes)
            {
                lane.Batches.Writer.TryComplete();
            }

            // Writers end once their lane is empty, or at once when the sink is stopping.
            Task.WaitAll(writers, CancellationToken.None);
            consumer.Close();
            LogStopped(_logger, _stage, BatchesWritten);
        }
    }

    /// <summary>Partitions go round the lanes, so a topic's partitions spread evenly.</summary>
    private Lane LaneOf(TopicPartition partition)
    {
        if (_lanes.Length == 1)
        {
            return _lanes[0];
        }

        var topic = 0;
        while (topic < _topics.Count && _topics[topic] != partition.Topic)
        {
            topic++;
        }

        return _lanes[(int)((uint)(topic + partition.Partition.Value) % (uint)_lanes.Length)];
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

    private void Add(Lane lane, ConsumeResult<byte[], byte[]> result)
    {
        var message = result.Message;
        if (ProtobufCodec<T>.TryDecode(message.Value, message.Headers, out var decoded, out var error))
        {
            lane.Messages.Add(decoded!);
            lane.Sources.Add(new MessageSource(result.Topic, result.Partition.Value, result.Offset.Value));
        }
        else
        {
            _deadLetters.WriteAsync(
                _stage, result.Topic, result.Partition.Value, result.Offset.Value, message.Key, message.Value, message.Headers,
                DeadLetterReasons.Undecodable, error, 0, _stopping).GetAwaiter().GetResult();
        }

        lane.Positions[result.TopicPartition] = result.Offset.Value + 1;
    }

    /// <summary>Hands the lane's pending batch to its writer; waits while the lane already holds one waiting.</summary>
    private void HandOver(Lane lane)
    {
        lane.Deadline = long.MaxValue;
        if (lane.Positions.Count == 0)
        {
            return;
        }

        var positions = lane.Positions.Select(p => new ConsumerPosition(p.Key.Topic, p.Key.Partition.Value, p.Value)).ToArray();
        var batch = new SinkBatch<T>(GroupId, lane.Messages.ToArray(), positions, lane.Sources.ToArray());
        var write = new Write(batch, lane.Positions.ToArray());
        lane.Clear();
        if (_handler is IBatchPreparer<T> preparer)
        {
            // Prepared on the thread pool: the loop goes on reading while the batch is prepared and
            // earlier ones are written (on this loop, preparing capped a sink near 50,000 rows/s).
            write.Preparing = Task.Run(() => preparer.Prepare(batch), CancellationToken.None);
        }

        _writes.Add(write);
        lane.Batches.Writer.WriteAsync(write, _stopping).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Partitions are being revoked, or the sink stops: every pending batch is handed over and
    /// written before the partitions go, as the loop did when it wrote batches itself.
    /// </summary>
    private void HandOverAndDrain(IConsumer<byte[], byte[]> consumer)
    {
        foreach (var lane in _lanes)
        {
            HandOver(lane);
        }

        StoreWrittenPositions(consumer, wait: true);
    }

    /// <summary>
    /// Partitions were lost (another member may own them already): pending and queued batches are
    /// dropped, the ones being written are waited for, so none is written once the loop goes on.
    /// </summary>
    private void DropPendingAndDrain(IConsumer<byte[], byte[]> consumer)
    {
        foreach (var lane in _lanes)
        {
            lane.Clear();
            lane.Deadline = long.MaxValue;
            while (lane.Batches.Reader.TryRead(out var queued))
            {
                queued.Done.TrySetCanceled();
            }
        }

        StoreWrittenPositions(consumer, wait: true);
    }

    /// <summary>Stores in Kafka the positions of written batches; with <paramref name="wait"/>, waits for every batch handed over.</summary>
    private void StoreWrittenPositions(IConsumer<byte[], byte[]> consumer, bool wait)
    {
        for (var i = 0; i < _writes.Count; i++)
        {
            var write = _writes[i];
            if (wait)
            {
                try
                {
                    write.Done.Task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // Abandoned (lost partitions or stopping): its positions are not stored.
                }
            }

            if (!write.Done.Task.IsCompleted)
            {
                continue;
            }

            if (write.Done.Task.IsCompletedSuccessfully)
            {
                foreach (var (partition, next) in write.Positions)
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
            }

            _writes.RemoveAt(i--);
        }
    }

    /// <summary>Writes a lane's batches in order, each retried with backoff until it succeeds or the sink stops.</summary>
    private async Task WriteLoopAsync(Lane lane)
    {
        try
        {
            await foreach (var write in lane.Batches.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (_stopping.IsCancellationRequested)
                {
                    write.Done.TrySetCanceled();
                    continue;
                }

                if (write.Preparing is { } preparing)
                {
                    try
                    {
                        write.Batch.Prepared = await preparing.ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        // The handler then does the whole work itself.
                        LogPrepareFailed(_logger, e, _stage, write.Batch.Messages.Count);
                    }
                }

                try
                {
                    await WriteAsync(write.Batch).ConfigureAwait(false);
                    Interlocked.Increment(ref _batchesWritten);
                    write.Done.TrySetResult();
                }
                catch (OperationCanceledException)
                {
                    // Stopped while the batch was failing: its positions were not stored, so it is read again.
                    write.Done.TrySetCanceled();
                }
            }
        }
        finally
        {
            // Nothing may wait forever on a batch that will not be written.
            while (lane.Batches.Reader.TryRead(out var left))
            {
                left.Done.TrySetCanceled();
            }
        }
    }

    private async Task WriteAsync(SinkBatch<T> batch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await _handler.HandleBatchAsync(batch, _stopping).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogBatchFailed(_logger, e, _stage, batch.Messages.Count);
                await Task.Delay(delay, _time, _stopping).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    /// <summary>The batch being filled for one lane's partitions, and the batches handed to its writer.</summary>
    private sealed class Lane
    {
        public List<T> Messages { get; } = [];

        public List<MessageSource> Sources { get; } = [];

        public Dictionary<TopicPartition, long> Positions { get; } = [];

        /// <summary>When the pending batch must be handed over, filled or not (TickCount64); MaxValue when empty.</summary>
        public long Deadline { get; set; } = long.MaxValue;

        /// <summary>Two batches may wait while another is written, so the loop rarely waits on one lane while the other could take messages.</summary>
        public Channel<Write> Batches { get; } = Channel.CreateBounded<Write>(new BoundedChannelOptions(2) { SingleWriter = true });

        public void Clear()
        {
            Messages.Clear();
            Sources.Clear();
            Positions.Clear();
        }
    }

    /// <summary>A batch handed to a writer, its positions for Kafka, and its fate.</summary>
    private sealed class Write(SinkBatch<T> batch, KeyValuePair<TopicPartition, long>[] positions)
    {
        public SinkBatch<T> Batch { get; } = batch;

        public KeyValuePair<TopicPartition, long>[] Positions { get; } = positions;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The handler's preparation of the batch, running; null when the handler prepares nothing.</summary>
        public Task<object?>? Preparing { get; set; }
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

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Sink {Stage} failed to prepare a batch of {Count}; it is written unprepared")]
    private static partial void LogPrepareFailed(ILogger logger, Exception exception, string stage, int count);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Sink {Stage} assigned {Partitions} ({Stored} stored positions)")]
    private static partial void LogAssigned(ILogger logger, string stage, string partitions, int stored);
}
