using System.Runtime.InteropServices;

namespace LlmBroker.DevKafka.Internal;

/// <summary>
/// The mock-cluster entry points of the librdkafka build that Confluent.Kafka has already loaded.
/// </summary>
/// <remarks>
/// Confluent.Kafka picks its native library at run time (here it falls back to the centos8 build
/// because Debian lacks libsasl2.so.3), so a <c>[DllImport("librdkafka")]</c> could resolve to a
/// different file or to none. Loading the exact file the client uses, found in /proc/self/maps,
/// avoids both. The functions are bound once per process as unmanaged function pointers.
/// </remarks>
internal static unsafe class LibRdKafka
{
    private static readonly Lazy<Api> s_api = new(Bind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The bound functions; the first access loads the library.</summary>
    public static Api Functions => s_api.Value;

    /// <summary>Path of the librdkafka file in use (for diagnostics).</summary>
    public static string LibraryPath => Functions.Path;

    private static Api Bind()
    {
        // Touching the version forces Confluent.Kafka to load (and pick) its native library.
        _ = Confluent.Kafka.Library.VersionString;

        var path = FindLoadedLibrary()
            ?? throw new PlatformNotSupportedException(
                "Could not find the librdkafka file loaded by Confluent.Kafka in /proc/self/maps; " +
                "the in-process mock cluster needs Linux.");
        var handle = NativeLibrary.Load(path);

        nint Export(string name) =>
            NativeLibrary.TryGetExport(handle, name, out var address)
                ? address
                : throw new EntryPointNotFoundException($"{name} is not exported by {path}.");

        return new Api
        {
            Path = path,
            ConfNew = (delegate* unmanaged<nint>)Export("rd_kafka_conf_new"),
            ConfSet = (delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int>)Export("rd_kafka_conf_set"),
            ConfDestroy = (delegate* unmanaged<nint, void>)Export("rd_kafka_conf_destroy"),
            New = (delegate* unmanaged<int, nint, byte*, nuint, nint>)Export("rd_kafka_new"),
            Destroy = (delegate* unmanaged<nint, void>)Export("rd_kafka_destroy"),
            MockClusterNew = (delegate* unmanaged<nint, int, nint>)Export("rd_kafka_mock_cluster_new"),
            MockClusterDestroy = (delegate* unmanaged<nint, void>)Export("rd_kafka_mock_cluster_destroy"),
            MockClusterBootstraps = (delegate* unmanaged<nint, byte*>)Export("rd_kafka_mock_cluster_bootstraps"),
            // Declared void on purpose: the header does not promise a return value, and ignoring
            // one is safe under the C calling convention.
            MockSetControllerId = (delegate* unmanaged<nint, int, void>)Export("rd_kafka_mock_set_controller_id"),
            MockGroupInitialRebalanceDelayMs = (delegate* unmanaged<nint, int, void>)Export("rd_kafka_mock_group_initial_rebalance_delay_ms"),
            MockTopicCreate = (delegate* unmanaged<nint, byte*, int, int, int>)Export("rd_kafka_mock_topic_create"),
            MockBrokerSetDown = (delegate* unmanaged<nint, int, int>)Export("rd_kafka_mock_broker_set_down"),
            MockBrokerSetUp = (delegate* unmanaged<nint, int, int>)Export("rd_kafka_mock_broker_set_up"),
            MockBrokerSetRtt = (delegate* unmanaged<nint, int, int, int>)Export("rd_kafka_mock_broker_set_rtt"),
            MockPushRequestErrorsArray = (delegate* unmanaged<nint, short, nuint, int*, void>)Export("rd_kafka_mock_push_request_errors_array"),
            MockClearRequestErrors = (delegate* unmanaged<nint, short, void>)Export("rd_kafka_mock_clear_request_errors"),
        };
    }

    private static string? FindLoadedLibrary()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        // Lines look like "7f..-7f.. r-xp 00000000 08:01 1234   /path/to/centos8-librdkafka.so".
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..].Trim();
            var file = Path.GetFileName(path);
            if (file.Contains("librdkafka", StringComparison.Ordinal) && file.Contains(".so", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Unmanaged function pointers into librdkafka.</summary>
    internal sealed class Api
    {
        public required string Path { get; init; }

        public required delegate* unmanaged<nint> ConfNew { get; init; }

        public required delegate* unmanaged<nint, byte*, byte*, byte*, nuint, int> ConfSet { get; init; }

        public required delegate* unmanaged<nint, void> ConfDestroy { get; init; }

        public required delegate* unmanaged<int, nint, byte*, nuint, nint> New { get; init; }

        public required delegate* unmanaged<nint, void> Destroy { get; init; }

        public required delegate* unmanaged<nint, int, nint> MockClusterNew { get; init; }

        public required delegate* unmanaged<nint, void> MockClusterDestroy { get; init; }

        public required delegate* unmanaged<nint, byte*> MockClusterBootstraps { get; init; }

        public required delegate* unmanaged<nint, int, void> MockSetControllerId { get; init; }

        public required delegate* unmanaged<nint, int, void> MockGroupInitialRebalanceDelayMs { get; init; }

        public required delegate* unmanaged<nint, byte*, int, int, int> MockTopicCreate { get; init; }

        public required delegate* unmanaged<nint, int, int> MockBrokerSetDown { get; init; }

        public required delegate* unmanaged<nint, int, int> MockBrokerSetUp { get; init; }

        public required delegate* unmanaged<nint, int, int, int> MockBrokerSetRtt { get; init; }

        public required delegate* unmanaged<nint, short, nuint, int*, void> MockPushRequestErrorsArray { get; init; }

        public required delegate* unmanaged<nint, short, void> MockClearRequestErrors { get; init; }
    }
}
