using LlmBroker.Routing.Limits;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Tests;

public sealed class CallGateTests
{
    private static CallGate Gate(int places) => new(Options.Create(new RoutingOptions { MaxCallsInFlight = places }));

    [Fact]
    public async Task Enter_PastTheBound_WaitsUntilAPlaceIsGivenBack()
    {
        var gate = Gate(2);
        await gate.EnterAsync(interactive: true, default);
        await gate.EnterAsync(interactive: false, default);

        var third = gate.EnterAsync(interactive: false, default).AsTask();
        Assert.False(third.IsCompleted);
        Assert.Equal(1, gate.Waiting);

        gate.Exit();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public async Task Exit_WithBothLanesWaiting_GivesThePlaceToInteractiveFirst()
    {
        var gate = Gate(1);
        await gate.EnterAsync(interactive: false, default);
        var batch = gate.EnterAsync(interactive: false, default).AsTask();
        var interactive = gate.EnterAsync(interactive: true, default).AsTask();

        gate.Exit();
        await interactive.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(batch.IsCompleted);

        gate.Exit();
        await batch.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Enter_CancelledWhileWaiting_TakesNoPlace()
    {
        var gate = Gate(1);
        await gate.EnterAsync(interactive: true, default);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(interactive: true, cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        gate.Exit();

        // The one place is free again: the next request enters at once.
        var next = gate.EnterAsync(interactive: false, default);
        Assert.True(next.IsCompleted);
        Assert.Equal(0, gate.Waiting);
    }
}
