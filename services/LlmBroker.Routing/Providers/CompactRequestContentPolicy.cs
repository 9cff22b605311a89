using System.ClientModel;
using System.ClientModel.Primitives;

namespace LlmBroker.Routing.Providers;

/// <summary>
/// Copies a request body the SDK serialized into pooled 16 KB segments into an array of its exact
/// size, and hands the segments back to the pool before the request is sent. The SDK keeps the body
/// until the response has arrived, so with thousands of calls waiting on a slow provider every call
/// held a segment the pool could not reuse: a fresh 16 KB array per call, alive for the provider's
/// latency, promoted by the GC and collected later at full cost. The copy is a few hundred bytes to a
/// few KB; the segment goes straight back to the pool for the next call's serialization.
/// </summary>
internal sealed class CompactRequestContentPolicy : PipelinePolicy
{
    /// <summary>Bodies above this size are left as the SDK made them.</summary>
    private const long MaxCopied = 1 << 20;

    public static CompactRequestContentPolicy Instance { get; } = new();

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Compact(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Compact(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    internal static void Compact(PipelineMessage message)
    {
        var content = message.Request.Content;
        if (content is null || !content.TryComputeLength(out var length) || length > MaxCopied)
        {
            return;
        }

        var bytes = new byte[length];
        using (var stream = new MemoryStream(bytes, writable: true))
        {
            content.WriteTo(stream, message.CancellationToken);
            if (stream.Position != length)
            {
                return;
            }
        }

        message.Request.Content = BinaryContent.Create(new BinaryData(bytes, content.MediaType));

        // The SDK disposes its content again after the call; disposing a serialized body is idempotent.
        content.Dispose();
    }
}
