using System.Collections.Concurrent;
using Confluent.Kafka;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;

namespace LlmBroker.Client.Internal;

/// <summary>
/// Reads a reply topic from its end (as of start) and completes the waits registered for request
/// ids. Started before the first request is submitted, so no result can be missed.
/// </summary>
internal sealed class ResultListener : IDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Result>> _waits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IConsumer<byte[], byte[]> _consumer;

    public ResultListener(KafkaOptions kafka, string topic)
    {
        var config = MessagingClients.ConsumerConfig(kafka, $"llmbroker-client-{Guid.NewGuid():N}");
        config.EnableAutoCommit = false;
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        using (var admin = new AdminClientBuilder(MessagingClients.AdminConfig(kafka)).Build())
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));
            var partitions = metadata.Topics.Single().Partitions;
            if (partitions.Count == 0)
            {
                throw new InvalidOperationException($"Reply topic '{topic}' has no partitions (does it exist?).");
            }

            _consumer.Assign(partitions.Select(p =>
            {
                var partition = new TopicPartition(topic, p.PartitionId);
                return new TopicPartitionOffset(partition, _consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(30)).High);
            }));
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "llmbroker-results" };
        _thread.Start();
    }

    /// <summary>Registers interest in a request's result; call before submitting it.</summary>
    public Task<Result> Expect(string requestId) =>
        _waits.GetOrAdd(requestId, static _ => new TaskCompletionSource<Result>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string requestId) => _waits.TryRemove(requestId, out _);

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<byte[], byte[]>? consumed;
            try
            {
                consumed = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (consumed?.Message is { } message
                && MessagingClients.TryDecode<Result>(message, out var result, out _)
                && _waits.TryRemove(result!.RequestId, out var wait))
            {
                wait.TrySetResult(result);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        foreach (var wait in _waits.Values)
        {
            wait.TrySetCanceled();
        }
    }
}
