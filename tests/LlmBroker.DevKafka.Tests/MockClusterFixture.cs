namespace LlmBroker.DevKafka.Tests;

/// <summary>One mock cluster shared by the tests of a class (no fault injection on it).</summary>
public sealed class MockClusterFixture : IDisposable
{
    public MockKafkaCluster Cluster { get; } = MockKafkaCluster.Start();

    public void Dispose() => Cluster.Dispose();
}
