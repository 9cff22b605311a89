using System.Diagnostics;
using Confluent.Kafka;
using LlmBroker.DevKafka;

namespace LlmBroker.Benchmarks;

/// <summary>
/// The floor: raw consume→produce of messages the size of a prompt request on the same mock
/// cluster, with no protobuf, no handlers and no sinks.
/// </summary>
internal static class KafkaRelayScenario
{
    public static BenchmarkResult Run(int count, int payloadBytes)
    {
        using var cluster = MockKafkaCluster.Start();
        cluster.CreateTopic("relay.in", 6);
        cluster.CreateTopic("relay.out", 6);
        var payload = new byte[payloadBytes];
        new Random(1).NextBytes(payload.AsSpan(0, payloadBytes / 4));

        var producerConfig = new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            EnableIdempotence = true,
            QueueBufferingMaxMessages = 1_000_000,
        };
        using var producer = new ProducerBuilder<byte[], byte[]>(producerConfig).Build();
        using var relayProducer = new ProducerBuilder<byte[], byte[]>(producerConfig).Build();
        using var relay = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "relay",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoOffsetStore = false,
            FetchWaitMaxMs = 10,
            SessionTimeoutMs = 3000,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        }).Build();
        using var sink = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "relay-sink",
            FetchWaitMaxMs = 10,
        }).Build();
        sink.Assign(Enumerable.Range(0, 6).Select(p => new TopicPartitionOffset("relay.out", p, Offset.Beginning)));
        relay.Subscribe("relay.in");
        var deadline = Stopwatch.StartNew();
        while (relay.Assignment.Count < 6 && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            relay.Consume(TimeSpan.FromMilliseconds(50));
        }

        using var stop = new CancellationTokenSource();
        var relayed = 0;
        var relayThread = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = relay.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message is null)
                {
                    continue;
                }

                relayProducer.Produce("relay.out", result.Message, _ => { });
                relay.StoreOffset(result);
                relayed++;
            }
        }) { IsBackground = true };
        relayThread.Start();

        var clock = Stopwatch.StartNew();
        var sentAt = new long[count];
        for (var i = 0; i < count; i++)
        {
            sentAt[i] = clock.ElapsedTicks;
            producer.Produce("relay.in", new Message<byte[], byte[]> { Key = BitConverter.GetBytes(i), Value = payload });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
        var seen = new bool[count];
        var latencies = new List<double>(count);
        var received = 0;
        var duplicates = 0;
        var timeout = Stopwatch.StartNew();
        while (received < count && timeout.Elapsed < TimeSpan.FromMinutes(2))
        {
            var result = sink.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message is null)
            {
                continue;
            }

            var index = BitConverter.ToInt32(result.Message.Key);
            if (seen[index])
            {
                duplicates++;
                continue;
            }

            seen[index] = true;
            received++;
            latencies.Add((clock.ElapsedTicks - sentAt[index]) * 1000.0 / Stopwatch.Frequency);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        relayThread.Join();
        relay.Close();
        latencies.Sort();
        return new BenchmarkResult
        {
            Scenario = "kafka-relay",
            Requests = count,
            ThroughputRps = Math.Round(received / elapsed),
            P50Ms = Measure.Percentile(latencies, 0.50),
            P99Ms = Measure.Percentile(latencies, 0.99),
            P999Ms = Measure.Percentile(latencies, 0.999),
            PeakRssMb = Measure.PeakRssMb(),
            Lost = count - received,
            Duplicated = duplicates,
            Extra = { ["payload_bytes"] = payloadBytes },
        };
    }
}
