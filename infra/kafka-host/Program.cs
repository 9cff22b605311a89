using LlmBroker.DevKafka;
using LlmBroker.KafkaHost;
using LlmBroker.Messaging.Topology;

var parsed = HostArguments.Parse(args);
if (parsed.ShowHelp)
{
    Console.Out.Write(HostArguments.Usage);
    return 0;
}

if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"kafka-host: {error}");
    }

    Console.Error.Write(HostArguments.Usage);
    return 2;
}

// Registered before the cluster starts, so a signal during start-up still ends in a clean dispose.
using var shutdown = new ShutdownSignal();
using var cluster = MockKafkaCluster.Start(parsed.Brokers);
cluster.CreatePipelineTopics();

// The one line on stdout: scripts and tests read the address from it.
Console.Out.WriteLine($"kafka-mock bootstrap={cluster.BootstrapServers}");
Console.Out.Flush();
if (parsed.BootstrapFile is { } file)
{
    BootstrapFile.Write(file, cluster.BootstrapServers);
}

Console.Error.WriteLine(
    $"kafka-host: {cluster.BrokerCount} broker(s), {TopicCatalog.All.Count} pipeline topics; stop with SIGTERM or Ctrl+C");

shutdown.Wait();
if (parsed.BootstrapFile is { } written)
{
    BootstrapFile.Delete(written, cluster.BootstrapServers);
}

Console.Error.WriteLine("kafka-host: stopped");
return 0;
