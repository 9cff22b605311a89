using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using LlmBroker.Contracts;

namespace LlmBroker.Messaging.Internal;

/// <summary>
/// W3C trace context across Kafka hops: one activity per stage and message, parented on the
/// incoming <c>traceparent</c> header; the publisher writes the current activity's id.
/// </summary>
internal static class Tracing
{
    public const string SourceName = "LlmBroker.Messaging";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity StartProcessing(string stage, string topic, Headers? headers)
    {
        var parent = ProtobufCodecHeader(headers, MessageHeaders.TraceParent);
        var activity = parent is not null && ActivityContext.TryParse(parent, ProtobufCodecHeader(headers, MessageHeaders.TraceState), out var context)
            ? Source.StartActivity($"{stage} process", ActivityKind.Consumer, context)
            : Source.StartActivity($"{stage} process", ActivityKind.Consumer);

        if (activity is null)
        {
            // Nobody listens: still carry the trace id to the next hop.
            activity = new Activity($"{stage} process");
            activity.SetIdFormat(ActivityIdFormat.W3C);
            if (parent is not null)
            {
                activity.SetParentId(parent);
            }

            activity.Start();
        }

        activity.SetTag("messaging.system", "kafka");
        activity.SetTag("messaging.source.name", topic);
        return activity;
    }

    public static void Inject(Headers headers)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current && current.Id is { } id)
        {
            headers.Add(MessageHeaders.TraceParent, Encoding.UTF8.GetBytes(id));
            if (current.TraceStateString is { Length: > 0 } state)
            {
                headers.Add(MessageHeaders.TraceState, Encoding.UTF8.GetBytes(state));
            }
        }
    }

    private static string? ProtobufCodecHeader(Headers? headers, string name) =>
        headers is not null && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
