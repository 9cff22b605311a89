using LlmBroker.Routing.Providers;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Routing.Tests;

public sealed class FailureWindowTests
{
    [Theory]
    [InlineData(100, 10, 1000, 99)]   // an error at once: nearly every call in flight started before it
    [InlineData(100, 500, 1000, 50)]
    [InlineData(100, 2000, 1000, 0)]  // a timeout longer than an answer takes: none did
    [InlineData(100, 10, 0, 100)]     // no answer yet: every call in flight counts
    [InlineData(0, 10, 1000, 0)]
    public void PendingPeers_CallsInFlightOlderThanTheFailedCall(int inFlight, int elapsedMs, double averageMs, int expected) =>
        Assert.Equal(expected, FailureWindow.PendingPeers(inFlight, TimeSpan.FromMilliseconds(elapsedMs), averageMs));

    [Fact]
    public void Failed_CountsWhenFailuresReachTheRatioOfEndedAndPendingCalls()
    {
        var window = new FailureWindow(new FakeTimeProvider(), TimeSpan.FromSeconds(30));

        Assert.False(window.Failed(pending: 8, ratio: 0.5));  // 1 of 9
        Assert.False(window.Failed(pending: 8, ratio: 0.5));  // 2 of 10
        Assert.True(window.Failed(pending: 0, ratio: 0.5));   // 3 of 3
        window.Succeeded();
        window.Succeeded();
        window.Succeeded();
        Assert.True(window.Failed(pending: 0, ratio: 0.5));   // 4 of 7
        Assert.False(window.Failed(pending: 4, ratio: 0.5));  // 5 of 12
    }

    [Fact]
    public void Failed_CallsOlderThanTheSamplingWindowNoLongerCount()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var window = new FailureWindow(time, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 10; i++)
        {
            window.Succeeded();
        }

        Assert.False(window.Failed(pending: 0, ratio: 0.5));  // 1 of 11
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(window.Failed(pending: 0, ratio: 0.5));   // 1 of 1: the rest left the window
    }

    [Fact]
    public void Clear_ForgetsEveryCall()
    {
        var window = new FailureWindow(new FakeTimeProvider(), TimeSpan.FromSeconds(30));
        window.Failed(pending: 0, ratio: 0.5);
        window.Failed(pending: 0, ratio: 0.5);

        window.Clear();
        window.Succeeded();

        Assert.False(window.Failed(pending: 2, ratio: 0.5));  // 1 of 4, the earlier failures forgotten
    }
}
