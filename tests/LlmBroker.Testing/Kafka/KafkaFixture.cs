using Xunit;

namespace LlmBroker.Testing.Kafka;

/// <summary>
/// xunit fixture that hands a test class the process-wide <see cref="KafkaEnvironment"/>.
/// Use it as <c>IClassFixture&lt;KafkaFixture&gt;</c> (classes keep running in parallel), or as a
/// collection fixture: xunit only finds collection definitions in the test assembly, so declare
/// <c>[CollectionDefinition(KafkaFixture.CollectionName)] public sealed class KafkaCollection : ICollectionFixture&lt;KafkaFixture&gt;;</c>
/// there.
/// </summary>
public sealed class KafkaFixture : IAsyncLifetime
{
    /// <summary>Suggested collection name for <c>[Collection]</c>.</summary>
    public const string CollectionName = "Kafka";

    private KafkaEnvironment? _environment;

    /// <summary>The shared environment; available once xunit has initialized the fixture.</summary>
    public KafkaEnvironment Environment =>
        _environment ?? throw new InvalidOperationException("KafkaFixture is not initialized yet.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _environment = await KafkaEnvironment.GetAsync();

    /// <inheritdoc />
    /// <remarks>The environment outlives the fixture: other test classes of the process share it.</remarks>
    public Task DisposeAsync() => Task.CompletedTask;
}
