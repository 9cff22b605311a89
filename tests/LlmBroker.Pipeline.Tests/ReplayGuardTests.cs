using LlmBroker.Governance.Internal;

namespace LlmBroker.Pipeline.Tests;

public sealed class ReplayGuardTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(10);

    [Fact]
    public void Check_SameSignatureSamePosition_Redelivery()
    {
        var guard = new ReplayGuard(100);

        Assert.Equal(ReplayGuard.Verdict.First, guard.Check("r1", [1, 2, 3], "llm.requests/0/7", s_now, s_window));
        Assert.Equal(ReplayGuard.Verdict.Redelivery, guard.Check("r1", [1, 2, 3], "llm.requests/0/7", s_now, s_window));
    }

    [Fact]
    public void Check_SameSignatureOtherPosition_Replay()
    {
        var guard = new ReplayGuard(100);
        guard.Check("r1", [1, 2, 3], "llm.requests/0/7", s_now, s_window);

        Assert.Equal(ReplayGuard.Verdict.Replay, guard.Check("r1", [1, 2, 3], "llm.requests/1/7", s_now, s_window));
    }

    [Fact]
    public void Check_NewSignatureForSameRequestId_NotAReplay()
    {
        var guard = new ReplayGuard(100);
        guard.Check("r1", [1, 2, 3], "llm.requests/0/7", s_now, s_window);

        Assert.Equal(ReplayGuard.Verdict.First, guard.Check("r1", [9, 9, 9], "llm.requests/0/8", s_now, s_window));
    }

    [Fact]
    public void Check_AfterTheWindow_Forgotten()
    {
        var guard = new ReplayGuard(100);
        guard.Check("r1", [1, 2, 3], "llm.requests/0/7", s_now, s_window);

        Assert.Equal(ReplayGuard.Verdict.First, guard.Check("r1", [1, 2, 3], "llm.requests/1/7", s_now + s_window + TimeSpan.FromSeconds(1), s_window));
    }
}
