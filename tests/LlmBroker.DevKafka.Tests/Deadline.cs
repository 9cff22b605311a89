using System.Diagnostics;

namespace LlmBroker.DevKafka.Tests;

/// <summary>Waits on conditions with a deadline instead of sleeping.</summary>
internal static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Runs <paramref name="step"/> (which should block briefly, e.g. Consume(100 ms)) until <paramref name="condition"/> holds.</summary>
    public static void Until(Func<bool> condition, Action step, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException($"Not met within {limit.TotalSeconds:0} s: {what}");
            }

            step();
        }
    }
}
