using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using DotNet.Testcontainers.Builders;
using LlmBroker.DevKafka;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Topology;
using Testcontainers.Kafka;

namespace LlmBroker.Testing.Kafka;

/// <summary>
/// The Kafka cluster the tests of this process share, found once: <c>KAFKA_BOOTSTRAP_SERVERS</c>
/// when set (a real cluster), else a Testcontainers Kafka when a Docker engine answers, else an
/// in-process <see cref="MockKafkaCluster"/>. Every test creates its own topics
/// (<see cref="CreateTopicAsync"/>, <see cref="CreatePipelineTopicsAsync"/>), so tests run in parallel.
/// </summary>
/// <remarks>
/// Fault injection (broker down, request errors, latency) would disturb every other test on a shared
/// cluster: a test that needs it starts its own <see cref="MockKafkaCluster"/>.
/// </remarks>
public sealed class KafkaEnvironment
{
    /// <summary>Environment variable naming a real cluster to use instead of starting one.</summary>
    public const string BootstrapServersVariable = "KAFKA_BOOTSTRAP_SERVERS";

    /// <summary><see cref="Source"/> of a cluster named by <see cref="BootstrapServersVariable"/>.</summary>
    public const string ExternalSource = BootstrapServersVariable;

    /// <summary><see cref="Source"/> of a Testcontainers Kafka.</summary>
    public const string TestcontainersSource = "testcontainers";

    /// <summary><see cref="Source"/> of the in-process librdkafka mock cluster.</summary>
    public const string MockSource = "mock";

    /// <summary>How long the consume helpers wait by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly Lazy<Task<KafkaEnvironment>> Shared =
        new(() => Task.Run(StartAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private static int _nameCounter;

    // Kept referenced for the life of the process; the container's reaper or process exit ends them.
    private readonly KafkaContainer? _container;
    private readonly MockKafkaCluster? _mock;
    private readonly Lazy<IAdminClient> _admin;
    private readonly Lazy<IProducer<byte[]?, byte[]?>> _producer;

    private KafkaEnvironment(string bootstrapServers, string source, KafkaContainer? container, MockKafkaCluster? mock)
    {
        BootstrapServers = bootstrapServers;
        Source = source;
        _container = container;
        _mock = mock;
        _admin = new(() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build());
        _producer = new(() => CreateProducer());
    }

    /// <summary>Bootstrap servers of the cluster, <c>host:port[,host:port]</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Where the cluster came from: <see cref="ExternalSource"/>, <see cref="TestcontainersSource"/> or <see cref="MockSource"/>.</summary>
    public string Source { get; }

    /// <summary>True when the cluster is the in-process mock (in-memory, ~5 MiB per partition, no Admin CreateTopics).</summary>
    public bool IsMock => _mock is not null;

    /// <summary>The shared environment, started on first use.</summary>
    public static Task<KafkaEnvironment> GetAsync() => Shared.Value;

    /// <summary>
    /// Creates a topic named after <paramref name="prefix"/>, made unique, and waits until its
    /// partitions have leaders. Returns the topic name.
    /// </summary>
    /// <param name="prefix">Readable start of the name, e.g. the test's name; characters Kafka rejects become '-'.</param>
    /// <param name="partitions">Number of partitions, at least 1.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<string> CreateTopicAsync(string prefix, int partitions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var name = UniqueName(prefix);
        await CreateTopicsAsync([new TopicDefinition(name, partitions, RetentionMs: -1)], cancellationToken);
        return name;
    }

    /// <summary>
    /// Creates every pipeline topic (<see cref="TopicCatalog.All"/>, with its partition count) under a
    /// new unique prefix. Configure stages with <see cref="TopicSet.Prefix"/> as
    /// <see cref="KafkaOptions.TopicPrefix"/>, or read the names from <see cref="TopicSet.Names"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<TopicSet> CreatePipelineTopicsAsync(CancellationToken cancellationToken = default)
    {
        var prefix = UniqueName("t") + ".";
        var topics = TopicCatalog.All.Select(t => t with { Name = prefix + t.Name }).ToArray();
        await CreateTopicsAsync(topics, cancellationToken);
        return new TopicSet(prefix, topics);
    }

    /// <summary>
    /// Producer settings for this cluster with test-friendly defaults (no linger, acks=all).
    /// </summary>
    public ProducerConfig CreateProducerConfig() => new()
    {
        BootstrapServers = BootstrapServers,
        LingerMs = 0,
        Acks = Acks.All,
    };

    /// <summary>
    /// Consumer settings for this cluster with test-friendly defaults: <paramref name="groupId"/>,
    /// earliest offset when the group has none, no auto-commit, cooperative-sticky assignment, a
    /// 10 ms fetch wait, and the shortest practical session timeout.
    /// </summary>
    /// <remarks>
    /// Both timeouts matter on the mock. It answers a Fetch that finds nothing new only after
    /// fetch.wait.max.ms (500 ms by default), even when data arrives meanwhile. And when a member
    /// joins a group that already has members, it holds the rebalance for session.timeout.ms minus
    /// 1 s (44 s by default) before answering, however fast the others rejoin; 3 s here (a real
    /// broker refuses less than 6 s, its group.min.session.timeout.ms).
    /// </remarks>
    /// <param name="groupId">Consumer group id.</param>
    public ConsumerConfig CreateConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        FetchWaitMaxMs = 10,
        SessionTimeoutMs = IsMock ? 3000 : 6000,
        HeartbeatIntervalMs = IsMock ? 500 : 1000,
    };

    /// <summary>A new raw-bytes producer (see <see cref="CreateProducerConfig"/>); the caller disposes it.</summary>
    /// <param name="configure">Changes to the default settings.</param>
    public IProducer<byte[]?, byte[]?> CreateProducer(Action<ProducerConfig>? configure = null)
    {
        var config = CreateProducerConfig();
        configure?.Invoke(config);
        return new ProducerBuilder<byte[]?, byte[]?>(config).Build();
    }

    /// <summary>A new raw-bytes consumer (see <see cref="CreateConsumerConfig"/>); the caller closes and disposes it.</summary>
    /// <param name="groupId">Consumer group id.</param>
    /// <param name="configure">Changes to the default settings.</param>
    public IConsumer<byte[]?, byte[]?> CreateConsumer(string groupId, Action<ConsumerConfig>? configure = null)
    {
        var config = CreateConsumerConfig(groupId);
        configure?.Invoke(config);
        return new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
    }

    /// <summary>Produces one message with a shared producer and waits for its acknowledgement.</summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="key">Key bytes, or null.</param>
    /// <param name="value">Value bytes, or null (a tombstone).</param>
    /// <param name="headers">Headers, or null.</param>
    /// <param name="cancellationToken">Stops waiting (the message may still be written).</param>
    public Task<DeliveryResult<byte[]?, byte[]?>> ProduceAsync(
        string topic, byte[]? key, byte[]? value, Headers? headers = null, CancellationToken cancellationToken = default) =>
        _producer.Value.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = key, Value = value, Headers = headers }, cancellationToken);

    /// <summary>Produces messages with a shared producer and waits until all are acknowledged.</summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="messages">Messages, written in this order per partition.</param>
    /// <param name="cancellationToken">Stops waiting (messages may still be written).</param>
    public async Task<IReadOnlyList<DeliveryResult<byte[]?, byte[]?>>> ProduceAsync(
        string topic, IEnumerable<Message<byte[]?, byte[]?>> messages, CancellationToken cancellationToken = default)
    {
        var producer = _producer.Value;
        return await Task.WhenAll(messages.Select(m => producer.ProduceAsync(topic, m, cancellationToken)));
    }

    /// <summary>
    /// Reads <paramref name="topic"/> from the beginning of every partition (no consumer group
    /// offsets are used or committed) until <paramref name="condition"/> holds for the records read
    /// so far. Returns those records, in the order read (ordered within each partition).
    /// </summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="condition">Checked on the records read so far, after each new record.</param>
    /// <param name="timeout">Deadline for the condition; default <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TimeoutException">The condition did not hold before the deadline.</exception>
    public Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ConsumeUntilAsync(
        string topic,
        Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, bool> condition,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        return Task.Run(() => ConsumeUntil(topic, condition, limit, cancellationToken), cancellationToken);
    }

    /// <summary>Reads <paramref name="topic"/> from the beginning until at least <paramref name="count"/> records are read.</summary>
    /// <param name="topic">Topic name.</param>
    /// <param name="count">Records to wait for.</param>
    /// <param name="timeout">Deadline; default <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TimeoutException">Fewer records arrived before the deadline.</exception>
    public Task<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> ConsumeAsync(
        string topic, int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ConsumeUntilAsync(topic, records => records.Count >= count, timeout, cancellationToken);

    /// <summary>Partition count of <paramref name="topic"/> as the cluster reports it (0 when unknown).</summary>
    /// <param name="topic">Topic name.</param>
    public int GetPartitionCount(string topic)
    {
        var metadata = _admin.Value.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var found = metadata.Topics.SingleOrDefault(t => t.Topic == topic);
        return found is null || found.Error.IsError ? 0 : found.Partitions.Count;
    }

    private IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ConsumeUntil(
        string topic,
        Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, bool> condition,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var partitions = GetPartitionCount(topic);
        if (partitions == 0)
        {
            throw new InvalidOperationException($"Topic '{topic}' does not exist.");
        }

        using var consumer = CreateConsumer($"reader-{Guid.NewGuid():N}");
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        try
        {
            while (!condition(records))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException(
                        $"Condition on topic '{topic}' not met within {timeout.TotalSeconds:0.#} s; {records.Count} record(s) read.");
                }

                var record = consumer.Consume(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
                if (record is not null && !record.IsPartitionEOF)
                {
                    records.Add(record);
                }
            }
        }
        finally
        {
            consumer.Close();
        }

        return records;
    }

    private async Task CreateTopicsAsync(IReadOnlyList<TopicDefinition> topics, CancellationToken cancellationToken)
    {
        if (_mock is not null)
        {
            // The mock does not implement the Admin API's CreateTopics; topics appear synchronously.
            _mock.CreateTopics(topics);
            return;
        }

        var specifications = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = -1, // the broker's default.replication.factor
            Configs = t.RetentionMs > 0 ? new() { ["retention.ms"] = t.RetentionMs.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
        }).ToList();
        try
        {
            await _admin.Value.CreateTopicsAsync(specifications);
        }
        catch (KafkaException error) when (error is not CreateTopicsException)
        {
            // The librdkafka mock (e.g. the dev host started by infra/kafka/start-mock.sh) answers
            // CreateTopics with "Topic Admin API not supported"; say what to do instead.
            throw new InvalidOperationException(
                $"{Source} cluster {BootstrapServers} cannot create topics through the Admin API ({error.Error.Reason}). " +
                $"If it is the dev mock host, unset {BootstrapServersVariable}: tests then start their own in-process mock.",
                error);
        }

        await WaitForLeadersAsync(topics, cancellationToken);
    }

    private async Task WaitForLeadersAsync(IReadOnlyList<TopicDefinition> topics, CancellationToken cancellationToken)
    {
        // A real cluster acknowledges CreateTopics before every broker knows the topic.
        var deadline = Stopwatch.StartNew();
        foreach (var topic in topics)
        {
            while (true)
            {
                var metadata = _admin.Value.GetMetadata(topic.Name, TimeSpan.FromSeconds(5));
                var found = metadata.Topics.SingleOrDefault(t => t.Topic == topic.Name);
                if (found is { Error.IsError: false } && found.Partitions.Count == topic.Partitions && found.Partitions.All(p => p.Leader >= 0))
                {
                    break;
                }

                if (deadline.Elapsed > DefaultTimeout)
                {
                    throw new TimeoutException($"Topic '{topic.Name}' has no leader for every partition after {DefaultTimeout.TotalSeconds:0} s.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken); // poll interval
            }
        }
    }

    private static string UniqueName(string prefix)
    {
        var name = new StringBuilder();
        foreach (var c in prefix)
        {
            if (name.Length >= 60)
            {
                break;
            }

            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        // Process id, counter and random suffix: unique across parallel tests, processes and reruns
        // against a reused cluster.
        name.Append('-').Append(Environment.ProcessId)
            .Append('-').Append(Interlocked.Increment(ref _nameCounter))
            .Append('-').Append(Guid.NewGuid().ToString("N").AsSpan(0, 8));
        return name.ToString();
    }

    private static async Task<KafkaEnvironment> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(BootstrapServersVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new KafkaEnvironment(configured.Trim(), ExternalSource, container: null, mock: null);
        }

        var container = await TryStartContainerAsync();
        if (container is not null)
        {
            return new KafkaEnvironment(StripScheme(container.GetBootstrapAddress()), TestcontainersSource, container, mock: null);
        }

        var mock = MockKafkaCluster.Start();
        return new KafkaEnvironment(mock.BootstrapServers, MockSource, container: null, mock);
    }

    private static async Task<KafkaContainer?> TryStartContainerAsync()
    {
        KafkaContainer container;
        try
        {
            // Throws DockerUnavailableException within about a second when no engine answers;
            // the answer is cached with the shared environment, so this runs once per process.
            container = new KafkaBuilder("confluentinc/cp-kafka:7.5.12").Build();
        }
        catch (DockerUnavailableException)
        {
            return null;
        }

        await container.StartAsync();
        return container;
    }

    // GetBootstrapAddress returns a URI (plaintext://host:port/); librdkafka wants host:port.
    private static string StripScheme(string address)
    {
        var start = address.IndexOf("://", StringComparison.Ordinal);
        return (start >= 0 ? address[(start + 3)..] : address).TrimEnd('/');
    }
}
