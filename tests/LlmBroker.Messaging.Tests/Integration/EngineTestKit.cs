using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Messaging.Internal;
using LlmBroker.Testing.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>Settings that make the engine fast on the mock cluster (see the Kafka section of ENVIRONMENT.md).</summary>
internal static class TestKafka
{
    public static KafkaOptions Options(KafkaEnvironment kafka, string topicPrefix = "") => new()
    {
        BootstrapServers = kafka.BootstrapServers,
        TopicPrefix = topicPrefix,
        // The mock holds a joining member for session.timeout.ms - 1 s; a real broker refuses < 6 s.
        SessionTimeoutMs = kafka.IsMock ? 3000 : 6000,
        // The mock answers an empty Fetch only after fetch.wait.max.ms.
        FetchWaitMaxMs = 10,
        LingerMs = 0,
    };

    /// <summary>Configuration entries for a host running stages against <paramref name="kafka"/>.</summary>
    public static Dictionary<string, string?> HostConfiguration(KafkaEnvironment kafka, string topicPrefix = "") => new()
    {
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:TopicPrefix"] = topicPrefix,
        ["Kafka:SessionTimeoutMs"] = kafka.IsMock ? "3000" : "6000",
        ["Kafka:FetchWaitMaxMs"] = "10",
        ["Kafka:LingerMs"] = "0",
    };

    public static string UniqueGroup(string name) => $"{name}-{Guid.NewGuid():N}";
}

/// <summary>One test message as produced: its id (the request id and key) and where it landed.</summary>
internal sealed record Produced(string Id, int Partition, long Offset);

/// <summary>Produces <see cref="PromptRequest"/> messages to chosen partitions, as the pipeline's publisher would.</summary>
internal static class TestMessages
{
    private static readonly byte[] s_type = Encoding.UTF8.GetBytes(PromptRequest.Descriptor.FullName);

    public static PromptRequest Request(string id) => new() { RequestId = id, Model = "test-model", Tenant = "acme" };

    /// <summary>
    /// Produces <paramref name="count"/> messages round-robin over <paramref name="partitions"/>
    /// partitions (message i to partition i % partitions); ids are <c>{tag}-{i}</c>.
    /// </summary>
    public static async Task<IReadOnlyList<Produced>> ProduceAsync(KafkaEnvironment kafka, string topic, int partitions, int count, string tag = "m", Headers? headers = null)
    {
        using var producer = kafka.CreateProducer(c => c.EnableIdempotence = true);
        var deliveries = new List<Task<DeliveryResult<byte[]?, byte[]?>>>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{tag}-{i}";
            deliveries.Add(producer.ProduceAsync(new TopicPartition(topic, i % partitions), Message(id, Request(id).ToByteArray(), headers)));
        }

        var results = await Task.WhenAll(deliveries);
        return results.Select(r => new Produced(Encoding.UTF8.GetString(r.Message.Key!), r.Partition.Value, r.Offset.Value)).ToArray();
    }

    /// <summary>Produces <paramref name="count"/> messages to one partition; ids are <c>{tag}-{i}</c>.</summary>
    public static async Task<IReadOnlyList<Produced>> ProduceToPartitionAsync(KafkaEnvironment kafka, string topic, int partition, int count, string tag)
    {
        using var producer = kafka.CreateProducer(c => c.EnableIdempotence = true);
        var deliveries = Enumerable.Range(0, count)
            .Select(i => $"{tag}-{i}")
            .Select(id => producer.ProduceAsync(new TopicPartition(topic, partition), Message(id, Request(id).ToByteArray())))
            .ToList();
        var results = await Task.WhenAll(deliveries);
        return results.Select(r => new Produced(Encoding.UTF8.GetString(r.Message.Key!), r.Partition.Value, r.Offset.Value)).ToArray();
    }

    /// <summary>Produces raw bytes (with no type header) to one partition.</summary>
    public static async Task<Produced> ProduceRawAsync(KafkaEnvironment kafka, string topic, int partition, string key, byte[] value, Headers? headers = null)
    {
        using var producer = kafka.CreateProducer();
        var result = await producer.ProduceAsync(
            new TopicPartition(topic, partition),
            new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value, Headers = headers ?? [] });
        return new Produced(key, result.Partition.Value, result.Offset.Value);
    }

    public static Message<byte[]?, byte[]?> Message(string id, byte[] value, Headers? extra = null)
    {
        var headers = new Headers { { MessageHeaders.MessageType, s_type } };
        foreach (var header in extra ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        return new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(id), Value = value, Headers = headers };
    }
}

/// <summary>Reads a group's committed offsets and a topic's end offsets without joining the group.</summary>
internal sealed class GroupOffsets : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly TopicPartition[] _partitions;

    public GroupOffsets(KafkaEnvironment kafka, string group, string topic, int partitions)
    {
        // Never subscribes, never commits: it only asks the coordinator (OffsetFetch).
        _consumer = kafka.CreateConsumer(group);
        _partitions = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToArray();
    }

    /// <summary>Committed offset per partition (index = partition); -1 when the group has none.</summary>
    public long[] Committed()
    {
        var committed = _consumer.Committed(_partitions, TimeSpan.FromSeconds(10));
        var offsets = new long[_partitions.Length];
        foreach (var c in committed)
        {
            offsets[c.Partition.Value] = c.Offset.IsSpecial ? -1 : c.Offset.Value;
        }

        return offsets;
    }

    /// <summary>High watermark per partition (index = partition).</summary>
    public long[] EndOffsets() =>
        _partitions.Select(p => _consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value).ToArray();

    public void Dispose() => _consumer.Dispose();
}

/// <summary>Waits on a condition with a deadline (never a fixed sleep).</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}.");
            }

            await Task.Delay(20); // poll interval
        }
    }
}

/// <summary>What a <see cref="ProbeHandler"/> does with each message; one per test.</summary>
internal sealed class HandlerProbe(Func<PromptRequest, MessageContext, CancellationToken, Task> handle)
{
    public Func<PromptRequest, MessageContext, CancellationToken, Task> Handle { get; } = handle;
}

/// <summary>A stage handler that defers to the test's <see cref="HandlerProbe"/> (resolved from DI by the host).</summary>
internal sealed class ProbeHandler(HandlerProbe probe) : IMessageHandler<PromptRequest>
{
    public Task HandleAsync(PromptRequest message, MessageContext context, CancellationToken cancellationToken) =>
        probe.Handle(message, context, cancellationToken);
}

/// <summary>Counts handler calls and completions per request id.</summary>
internal sealed class HandledLog
{
    private readonly ConcurrentDictionary<string, int> _started = new();
    private readonly ConcurrentDictionary<string, int> _completed = new();
    private int _completedTotal;

    public int CompletedTotal => Volatile.Read(ref _completedTotal);

    public int UniqueCompleted => _completed.Count;

    public void Started(string id) => _started.AddOrUpdate(id, 1, (_, n) => n + 1);

    public void Completed(string id)
    {
        _completed.AddOrUpdate(id, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _completedTotal);
    }

    public int StartedCount(string id) => _started.TryGetValue(id, out var n) ? n : 0;

    public int CompletedCount(string id) => _completed.TryGetValue(id, out var n) ? n : 0;

    public bool HasCompleted(string id) => _completed.ContainsKey(id);

    public IReadOnlyDictionary<string, int> CompletedCounts => _completed;
}

/// <summary>A <see cref="ParallelConsumer{T}"/> built directly (no host) and running until stopped.</summary>
internal sealed class StageRunner : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly KafkaMessagePublisher _publisher;
    private readonly Task _run;
    private bool _stopped;

    private StageRunner(ParallelConsumer<PromptRequest> consumer, KafkaMessagePublisher publisher)
    {
        Consumer = consumer;
        _publisher = publisher;
        _run = consumer.RunAsync(_stop.Token);
    }

    public ParallelConsumer<PromptRequest> Consumer { get; }

    public static StageRunner Start(
        KafkaEnvironment kafka,
        string topic,
        ConsumerOptions options,
        Func<PromptRequest, MessageContext, CancellationToken, Task> handle,
        ILoggerFactory loggers,
        string stage = "test-stage",
        string topicPrefix = "")
    {
        var kafkaOptions = TestKafka.Options(kafka, topicPrefix);
        var publisher = new KafkaMessagePublisher(Microsoft.Extensions.Options.Options.Create(kafkaOptions), loggers.CreateLogger<KafkaMessagePublisher>());
        var deadLetters = new DeadLetterWriter(publisher, new TopicNames(topicPrefix), TimeProvider.System, loggers.CreateLogger<DeadLetterWriter>());
        var consumer = new ParallelConsumer<PromptRequest>(
            stage,
            [topic],
            options,
            kafkaOptions,
            new ProbeHandler(new HandlerProbe(handle)),
            deadLetters,
            TimeProvider.System,
            loggers.CreateLogger($"LlmBroker.Stage.{stage}"));
        return new StageRunner(consumer, publisher);
    }

    /// <summary>Stops the loop (drain, commit, close) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromSeconds(60));
        _publisher.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

/// <summary>Builds Generic Hosts the way a stage's Program.cs does: messaging plus handlers.</summary>
internal static class StageHost
{
    public static IHost Build(
        IDictionary<string, string?> configuration,
        ILoggerProvider logs,
        Action<IServiceCollection> stages)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Services.AddLlmBrokerMessaging();
        stages(builder.Services);
        return builder.Build();
    }
}

/// <summary>
/// Sends log lines to the test output (what the engine did is then visible when a test fails) and
/// remembers which event ids were logged.
/// </summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentDictionary<int, int> _events = new();

    /// <summary>How many times an event id was logged.</summary>
    public int Count(int eventId) => _events.TryGetValue(eventId, out var n) ? n : 0;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TestOutputLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            owner._events.AddOrUpdate(eventId.Id, 1, (_, n) => n + 1);
            try
            {
                owner.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test already ended (a background loop logging late).
            }
        }
    }

    private void Write(string line) => output.WriteLine(line);
}
