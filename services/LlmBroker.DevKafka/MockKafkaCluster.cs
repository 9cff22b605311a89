using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using LlmBroker.DevKafka.Internal;
using LlmBroker.Messaging.Topology;

namespace LlmBroker.DevKafka;

/// <summary>
/// An in-process Kafka cluster that speaks the real wire protocol: librdkafka's built-in mock
/// cluster, listening on 127.0.0.1, reachable from any client or process through
/// <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// <para>
/// The mock supports produce and fetch, consumer groups with offset commits, idempotent and
/// transactional producers, and fault injection. It is in-memory: each partition keeps only about
/// 5 MiB or 100k message sets, there is no retention or compaction, the Admin API CreateTopics is
/// not implemented (use <see cref="CreateTopic"/>), and offsets sent inside a transaction are not
/// stored.
/// </para>
/// <para>
/// Every member is thread-safe. Several clusters can run in one process; each has its own ports
/// and state, so a test that injects faults should start its own cluster.
/// </para>
/// </remarks>
public sealed unsafe class MockKafkaCluster : IDisposable
{
    /// <summary>Broker id that addresses every broker in <see cref="SetBrokerDown"/>, <see cref="SetBrokerUp"/> and <see cref="SetBrokerRtt"/>.</summary>
    public const int AllBrokers = -1;

    private const int ProducerType = 0;
    private const int ErrorBufferSize = 512;

    private readonly Lock _gate = new();
    private nint _rk;
    private nint _cluster;

    private MockKafkaCluster(nint rk, nint cluster, int brokerCount, string bootstrapServers)
    {
        _rk = rk;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = bootstrapServers;
    }

    /// <summary>Comma-separated <c>host:port</c> list of the brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Number of brokers; their ids run from 1 to this number.</summary>
    public int BrokerCount { get; }

    /// <summary>Path of the native librdkafka file the cluster runs in.</summary>
    public static string NativeLibraryPath => LibRdKafka.LibraryPath;

    /// <summary>
    /// Starts a mock cluster with <paramref name="brokers"/> brokers (ids 1..N), broker 1 as the
    /// controller and no initial rebalance delay for consumer groups.
    /// </summary>
    /// <param name="brokers">Number of brokers, at least 1. Default 1.</param>
    /// <exception cref="PlatformNotSupportedException">The native library could not be located (not Linux).</exception>
    /// <exception cref="InvalidOperationException">librdkafka refused to create the cluster.</exception>
    public static MockKafkaCluster Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        var api = LibRdKafka.Functions;

        var conf = api.ConfNew();
        SetConf(api, conf, "client.id", "llmbroker-mock-cluster");
        // The handle only owns the cluster; it has no brokers of its own, so its
        // "no bootstrap.servers configured" notice is noise.
        SetConf(api, conf, "log_level", "3");

        var errors = stackalloc byte[ErrorBufferSize];
        var rk = api.New(ProducerType, conf, errors, ErrorBufferSize);
        if (rk == 0)
        {
            api.ConfDestroy(conf); // rd_kafka_new takes ownership of conf only on success.
            throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((nint)errors)}");
        }

        var cluster = api.MockClusterNew(rk, brokers);
        if (cluster == 0)
        {
            api.Destroy(rk);
            throw new InvalidOperationException($"rd_kafka_mock_cluster_new failed for {brokers} broker(s).");
        }

        // Without a controller, DescribeCluster and admin calls wait 60 s for one.
        api.MockSetControllerId(cluster, 1);
        // A real broker waits 3 s before the first group rebalance; tests should not.
        api.MockGroupInitialRebalanceDelayMs(cluster, 0);

        var bootstraps = Marshal.PtrToStringUTF8((nint)api.MockClusterBootstraps(cluster))
            ?? throw new InvalidOperationException("rd_kafka_mock_cluster_bootstraps returned nothing.");
        return new MockKafkaCluster(rk, cluster, brokers, bootstraps);
    }

    /// <summary>Creates a topic.</summary>
    /// <param name="name">Topic name.</param>
    /// <param name="partitions">Number of partitions, at least 1.</param>
    /// <param name="replicationFactor">Replicas per partition, at least 1 (the mock caps it at the broker count). Default 1.</param>
    /// <exception cref="KafkaException">The mock refused, e.g. with <see cref="ErrorCode.TopicAlreadyExists"/>.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);

        var utf8 = Encoding.UTF8.GetBytes(name + "\0");
        lock (_gate)
        {
            var cluster = Cluster();
            fixed (byte* topic = utf8)
            {
                ThrowIfError(LibRdKafka.Functions.MockTopicCreate(cluster, topic, partitions, replicationFactor), $"create topic '{name}'");
            }
        }
    }

    /// <summary>Creates each topic with its partition count (replication factor 1).</summary>
    /// <exception cref="KafkaException">A topic could not be created; the earlier ones remain.</exception>
    public void CreateTopics(IEnumerable<TopicDefinition> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var topic in topics)
        {
            CreateTopic(topic.Name, topic.Partitions);
        }
    }

    /// <summary>
    /// Creates every pipeline topic of <see cref="TopicCatalog.All"/> with its partition count.
    /// Retention settings do not apply: the mock keeps no retention configuration.
    /// </summary>
    public void CreatePipelineTopics() => CreateTopics(TopicCatalog.All);

    /// <summary>Disconnects broker <paramref name="brokerId"/> and refuses new connections until <see cref="SetBrokerUp"/>. Leadership does not move.</summary>
    /// <param name="brokerId">A broker id (1..<see cref="BrokerCount"/>) or <see cref="AllBrokers"/>.</param>
    public void SetBrokerDown(int brokerId) =>
        Invoke(c => LibRdKafka.Functions.MockBrokerSetDown(c, brokerId), $"set broker {brokerId} down");

    /// <summary>Lets broker <paramref name="brokerId"/> accept connections again.</summary>
    /// <param name="brokerId">A broker id (1..<see cref="BrokerCount"/>) or <see cref="AllBrokers"/>.</param>
    public void SetBrokerUp(int brokerId) =>
        Invoke(c => LibRdKafka.Functions.MockBrokerSetUp(c, brokerId), $"set broker {brokerId} up");

    /// <summary>Delays every response of broker <paramref name="brokerId"/> by <paramref name="rtt"/> (whole milliseconds; zero removes the delay).</summary>
    /// <param name="brokerId">A broker id (1..<see cref="BrokerCount"/>) or <see cref="AllBrokers"/>.</param>
    /// <param name="rtt">Round-trip delay, 0 to <see cref="int.MaxValue"/> milliseconds.</param>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rtt.TotalMilliseconds, int.MaxValue, nameof(rtt));
        var ms = (int)rtt.TotalMilliseconds;
        Invoke(c => LibRdKafka.Functions.MockBrokerSetRtt(c, brokerId, ms), $"set broker {brokerId} rtt");
    }

    /// <summary>
    /// Makes the next <c>errors.Length</c> requests of type <paramref name="apiKey"/> (to any broker)
    /// fail with these errors, in order. <see cref="ErrorCode.Local_Transport"/> makes the broker
    /// drop the connection instead of answering.
    /// </summary>
    /// <param name="apiKey">Kafka protocol request type, see <see cref="KafkaApiKeys"/>.</param>
    /// <param name="errors">Errors to return, first one first.</param>
    public void PushRequestErrors(short apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            var cluster = Cluster();
            // ErrorCode is an int enum with librdkafka's rd_kafka_resp_err_t values.
            fixed (ErrorCode* codes = errors)
            {
                LibRdKafka.Functions.MockPushRequestErrorsArray(cluster, apiKey, (nuint)errors.Length, (int*)codes);
            }
        }
    }

    /// <summary>Drops the errors still queued by <see cref="PushRequestErrors"/> for <paramref name="apiKey"/>.</summary>
    /// <param name="apiKey">Kafka protocol request type, see <see cref="KafkaApiKeys"/>.</param>
    public void ClearRequestErrors(short apiKey)
    {
        lock (_gate)
        {
            LibRdKafka.Functions.MockClearRequestErrors(Cluster(), apiKey);
        }
    }

    /// <summary>Stops the brokers (clients see disconnects) and frees the cluster. Safe to call twice.</summary>
    public void Dispose()
    {
        nint cluster, rk;
        lock (_gate)
        {
            (cluster, rk) = (_cluster, _rk);
            (_cluster, _rk) = (0, 0);
        }

        if (cluster == 0)
        {
            return;
        }

        // The cluster runs on its rk's machinery, so it goes first.
        LibRdKafka.Functions.MockClusterDestroy(cluster);
        LibRdKafka.Functions.Destroy(rk);
    }

    /// <inheritdoc />
    public override string ToString() => $"MockKafkaCluster({BootstrapServers})";

    private void Invoke(Func<nint, int> call, string what)
    {
        lock (_gate)
        {
            ThrowIfError(call(Cluster()), what);
        }
    }

    private nint Cluster()
    {
        ObjectDisposedException.ThrowIf(_cluster == 0, this);
        return _cluster;
    }

    private static void ThrowIfError(int error, string what)
    {
        if (error != 0)
        {
            var code = (ErrorCode)error;
            throw new KafkaException(new Error(code, $"Mock cluster could not {what}: {code}"));
        }
    }

    private static void SetConf(LibRdKafka.Api api, nint conf, string name, string value)
    {
        var errors = stackalloc byte[ErrorBufferSize];
        var nameUtf8 = Encoding.UTF8.GetBytes(name + "\0");
        var valueUtf8 = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* n = nameUtf8)
        fixed (byte* v = valueUtf8)
        {
            if (api.ConfSet(conf, n, v, errors, ErrorBufferSize) != 0)
            {
                throw new InvalidOperationException($"rd_kafka_conf_set({name}) failed: {Marshal.PtrToStringUTF8((nint)errors)}");
            }
        }
    }
}
