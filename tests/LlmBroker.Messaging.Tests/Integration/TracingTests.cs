using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Messaging.Internal;
using LlmBroker.Testing.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LlmBroker.Messaging.Tests.Integration;

/// <summary>W3C trace context across a Kafka hop: incoming traceparent → handler activity → outputs.</summary>
public sealed class TracingTests(ITestOutputHelper output)
{
    private const string Stage = "trace";
    private readonly TestOutputLoggerProvider _logs = new(output);

    [Theory]
    [InlineData(false)] // no tracing SDK in the process: the engine still carries the trace
    [InlineData(true)] // an ActivityListener (what OpenTelemetry registers) samples the stage's source
    public async Task HandleAsync_MessageWithTraceparent_HandlerAndOutputsContinueTheTrace(bool listening)
    {
        using var listener = listening ? Listen() : null;
        var kafka = await KafkaEnvironment.GetAsync();
        var input = await kafka.CreateTopicAsync("trace-in", partitions: 1);
        var outputTopic = await kafka.CreateTopicAsync("trace-out", partitions: 1);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var headers = new Headers { { MessageHeaders.TraceParent, Encoding.UTF8.GetBytes($"00-{traceId}-{callerSpan}-01") } };
        await TestMessages.ProduceAsync(kafka, input, partitions: 1, count: 1, tag: "traced", headers);
        var probe = new TraceProbe(outputTopic);

        var configuration = TestKafka.HostConfiguration(kafka);
        configuration[$"Stages:{Stage}:GroupId"] = TestKafka.UniqueGroup("trace");
        using var host = StageHost.Build(configuration, _logs, services => services
            .AddSingleton(probe)
            .AddMessageHandler<PromptRequest, ForwardingHandler>(Stage, _ => [input]));
        await host.StartAsync();
        var forwarded = Assert.Single(await kafka.ConsumeAsync(outputTopic, 1));
        await host.StopAsync();

        var seen = Assert.Single(probe.Seen);
        Assert.Equal(traceId, seen.TraceId);
        Assert.Equal(callerSpan, seen.ParentSpanId);
        Assert.NotEqual(callerSpan, seen.SpanId);
        Assert.True(forwarded.Message.Headers.TryGetLastBytes(MessageHeaders.TraceParent, out var traceparent), "the output has no traceparent");
        Assert.True(ActivityContext.TryParse(Encoding.UTF8.GetString(traceparent), null, out var outgoing));
        Assert.Equal(traceId, outgoing.TraceId);
        // The next hop's parent is the stage's own span.
        Assert.Equal(seen.SpanId, outgoing.SpanId);
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Tracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private sealed record SeenActivity(ActivityTraceId TraceId, ActivitySpanId ParentSpanId, ActivitySpanId SpanId);

    private sealed class TraceProbe(string outputTopic)
    {
        public string OutputTopic { get; } = outputTopic;

        public System.Collections.Concurrent.ConcurrentQueue<SeenActivity> Seen { get; } = new();
    }

    /// <summary>A stage step that publishes its output, as every pipeline stage does.</summary>
    private sealed class ForwardingHandler(IMessagePublisher publisher, TraceProbe probe) : IMessageHandler<PromptRequest>
    {
        public async Task HandleAsync(PromptRequest message, MessageContext context, CancellationToken cancellationToken)
        {
            var current = Activity.Current ?? throw new InvalidOperationException("no current activity in the handler");
            probe.Seen.Enqueue(new SeenActivity(current.TraceId, current.ParentSpanId, current.SpanId));
            await publisher.PublishAsync(probe.OutputTopic, message.RequestId, message, cancellationToken);
        }
    }
}
