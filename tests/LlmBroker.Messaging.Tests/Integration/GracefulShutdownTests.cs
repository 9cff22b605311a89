using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Testing.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>Stopping a host that runs a stage: in-flight work is finished or handed back, never lost.</summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const string Stage = "shutdown";
    private const int StageStoppedEvent = 1202;
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Fact]
    public async Task StopAsync_WorkInFlight_FinishesItCommitsAndRestartSkipsFinishedMessages()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("shutdown-drain", partitions: 3);
        var group = TestKafka.UniqueGroup("shutdown-drain");
        var first = await TestMessages.ProduceAsync(kafka, topic, partitions: 3, count: 30, tag: "first");
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstRun = new HandledLog();

        using (var host = BuildHost(kafka, topic, group, drainTimeout: TimeSpan.FromSeconds(30), async (message, _, ct) =>
        {
            firstRun.Started(message.RequestId);
            await stopping.Task;
            // Work still running when the stage is told to stop.
            await Task.Delay(100, ct);
            firstRun.Completed(message.RequestId);
        }))
        {
            await host.StartAsync();
            await Eventually.TrueAsync(() => first.All(m => firstRun.StartedCount(m.Id) == 1), "every message in flight");
            host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.SetResult);

            await host.StopAsync();

            Assert.Equal(1, _logs.Count(StageStoppedEvent));
            Assert.All(first, m => Assert.Equal(1, firstRun.CompletedCount(m.Id)));
            using var offsets = new GroupOffsets(kafka, group, topic, partitions: 3);
            Assert.Equal(offsets.EndOffsets(), offsets.Committed());
        }

        var second = await TestMessages.ProduceAsync(kafka, topic, partitions: 3, count: 9, tag: "second");
        var secondRun = new HandledLog();
        using (var host = BuildHost(kafka, topic, group, drainTimeout: TimeSpan.FromSeconds(30), (message, _, _) =>
        {
            secondRun.Completed(message.RequestId);
            return Task.CompletedTask;
        }))
        {
            await host.StartAsync();
            await Eventually.TrueAsync(() => second.All(m => secondRun.HasCompleted(m.Id)), "the new messages handled after the restart");
            await host.StopAsync();
        }

        // Every partition got new messages after the old ones, so a replay would have run before them.
        Assert.Empty(secondRun.CompletedCounts.Keys.Except(second.Select(m => m.Id)));
        Assert.All(second, m => Assert.Equal(1, secondRun.CompletedCount(m.Id)));
    }

    [Fact]
    public async Task StopAsync_HandlerStuckBeyondDrainTimeout_StopsWithinShutdownTimeoutAndRestartReprocessesFromStuckMessage()
    {
        var kafka = await KafkaEnvironment.GetAsync();
        var topic = await kafka.CreateTopicAsync("shutdown-stuck", partitions: 2);
        var group = TestKafka.UniqueGroup("shutdown-stuck");
        var produced = await TestMessages.ProduceAsync(kafka, topic, partitions: 2, count: 20);
        var stuck = produced.Single(m => m.Partition == 1 && m.Offset == 4);
        var firstRun = new HandledLog();
        var cancelled = 0;

        // The drain gives up after DrainTimeout; the host gives the whole stop ShutdownTimeout. The
        // loop must be closed (its partitions handed back) before the host gives up on it.
        using (var host = BuildHost(kafka, topic, group, drainTimeout: TimeSpan.FromSeconds(3), async (message, _, ct) =>
            {
                firstRun.Started(message.RequestId);
                if (message.RequestId == stuck.Id)
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        Interlocked.Increment(ref cancelled);
                        throw;
                    }
                }

                firstRun.Completed(message.RequestId);
            },
            shutdownTimeout: TimeSpan.FromSeconds(5.8)))
        {
            await host.StartAsync();
            await Eventually.TrueAsync(
                () => firstRun.CompletedTotal == produced.Count - 1 && firstRun.StartedCount(stuck.Id) == 1,
                "everything but the stuck message handled");

            await host.StopAsync();

            Assert.Equal(1, _logs.Count(StageStoppedEvent));
            // The stuck handler sees its cancellation on its own continuation, which may run just after the stop returns.
            await Eventually.TrueAsync(() => Volatile.Read(ref cancelled) == 1, "the stuck handler cancelled");
            using var offsets = new GroupOffsets(kafka, group, topic, partitions: 2);
            Assert.Equal(stuck.Offset, offsets.Committed()[1]);
            Assert.Equal(offsets.EndOffsets()[0], offsets.Committed()[0]);
        }

        var secondRun = new HandledLog();
        using (var host = BuildHost(kafka, topic, group, drainTimeout: TimeSpan.FromSeconds(30), (message, _, _) =>
        {
            secondRun.Completed(message.RequestId);
            return Task.CompletedTask;
        }))
        {
            await host.StartAsync();
            var handedBack = produced.Where(m => m.Partition == 1 && m.Offset >= stuck.Offset).Select(m => m.Id).ToArray();
            await Eventually.TrueAsync(() => handedBack.All(secondRun.HasCompleted), "the stuck message and those after it handled again");
            await host.StopAsync();

            Assert.Equal(handedBack.Order(), secondRun.CompletedCounts.Keys.Order());
        }
    }

    private IHost BuildHost(
        KafkaEnvironment kafka,
        string topic,
        string group,
        TimeSpan drainTimeout,
        Func<PromptRequest, MessageContext, CancellationToken, Task> handle,
        TimeSpan? shutdownTimeout = null)
    {
        var configuration = TestKafka.HostConfiguration(kafka);
        configuration[$"Stages:{Stage}:GroupId"] = group;
        configuration[$"Stages:{Stage}:DrainTimeout"] = drainTimeout.ToString("c");
        return StageHost.Build(configuration, _logs, services =>
        {
            services.AddSingleton(new HandlerProbe(handle));
            services.AddMessageHandler<PromptRequest, ProbeHandler>(Stage, _ => [topic]);
            if (shutdownTimeout is { } timeout)
            {
                services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
            }
        });
    }
}
