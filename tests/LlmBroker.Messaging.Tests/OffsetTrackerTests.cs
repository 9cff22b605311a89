using LlmBroker.Messaging.Internal;

namespace LlmBroker.Messaging.Tests;

public sealed class OffsetTrackerTests
{
    [Fact]
    public void CommitPosition_NothingTracked_IsNull()
    {
        var tracker = new OffsetTracker();

        Assert.Null(tracker.CommitPosition);
        Assert.Null(tracker.TakePositionToStore());
    }

    [Fact]
    public void CommitPosition_OutOfOrderCompletion_StaysAtLowestInFlight()
    {
        var tracker = new OffsetTracker();
        for (var offset = 10; offset < 15; offset++)
        {
            tracker.Track(offset);
        }

        tracker.Complete(14);
        tracker.Complete(12);
        tracker.Complete(11);
        Assert.Equal(10, tracker.CommitPosition);

        tracker.Complete(10);
        Assert.Equal(13, tracker.CommitPosition);

        tracker.Complete(13);
        Assert.Equal(15, tracker.CommitPosition);
        Assert.Equal(0, tracker.InFlight);
    }

    [Fact]
    public void CommitPosition_GapsInOffsets_SkipsTheGaps()
    {
        var tracker = new OffsetTracker();
        tracker.Track(5);
        tracker.Track(7); // 6 is a transaction marker the consumer never sees
        tracker.Track(20);

        tracker.Complete(7);
        Assert.Equal(5, tracker.CommitPosition);
        tracker.Complete(5);
        Assert.Equal(20, tracker.CommitPosition);
        tracker.Complete(20);
        Assert.Equal(21, tracker.CommitPosition);
    }

    [Fact]
    public void Complete_UnknownOrRepeatedOffset_ReturnsFalseAndChangesNothing()
    {
        var tracker = new OffsetTracker();
        tracker.Track(1);
        tracker.Track(2);

        Assert.True(tracker.Complete(2));
        Assert.False(tracker.Complete(2));
        Assert.False(tracker.Complete(99));
        Assert.Equal(1, tracker.CommitPosition);
    }

    [Fact]
    public void Track_DecreasingOffset_Throws()
    {
        var tracker = new OffsetTracker();
        tracker.Track(10);

        Assert.Throws<InvalidOperationException>(() => tracker.Track(9));
    }

    [Fact]
    public void TakePositionToStore_ReturnsEachNewPositionOnce()
    {
        var tracker = new OffsetTracker();
        tracker.Track(0);
        tracker.Track(1);

        Assert.Equal(0, tracker.TakePositionToStore());
        Assert.Null(tracker.TakePositionToStore());

        tracker.Complete(1);
        Assert.Null(tracker.TakePositionToStore());

        tracker.Complete(0);
        Assert.Equal(2, tracker.TakePositionToStore());
        Assert.Null(tracker.TakePositionToStore());
    }

    [Fact]
    public void Revoke_LaterCompletions_AreIgnoredAndNothingIsStored()
    {
        var tracker = new OffsetTracker();
        tracker.Track(0);
        tracker.Track(1);
        tracker.Complete(0);
        Assert.Equal(1, tracker.TakePositionToStore());

        tracker.Revoke();

        Assert.False(tracker.Complete(1));
        Assert.Null(tracker.TakePositionToStore());
        Assert.True(tracker.Revoked);
    }

    [Fact]
    public void Complete_FailedMessageNeverCompleted_HoldsBackCommitForever()
    {
        var tracker = new OffsetTracker();
        for (var offset = 0; offset < 100; offset++)
        {
            tracker.Track(offset);
        }

        for (var offset = 0; offset < 100; offset++)
        {
            if (offset != 42)
            {
                tracker.Complete(offset);
            }
        }

        Assert.Equal(42, tracker.CommitPosition);
        Assert.Equal(58, tracker.InFlight);
    }

    [Fact]
    public void Complete_ManyOffsetsInRandomOrderFromManyThreads_EndsAtOnePastLast()
    {
        const int count = 100_000;
        var tracker = new OffsetTracker();
        for (var offset = 0; offset < count; offset++)
        {
            tracker.Track(offset);
        }

        var order = Enumerable.Range(0, count).ToArray();
        new Random(7).Shuffle(order);
        long highestSeen = -1;
        Parallel.ForEach(order, offset =>
        {
            Assert.True(tracker.Complete(offset));
            var position = tracker.CommitPosition!.Value;
            InterlockedMax(ref highestSeen, position);
        });

        Assert.Equal(count, tracker.CommitPosition);
        Assert.Equal(count, Interlocked.Read(ref highestSeen));
        Assert.Equal(0, tracker.InFlight);
    }

    [Fact]
    public void Track_BeyondInitialCapacityWithHoles_KeepsOrder()
    {
        var tracker = new OffsetTracker();
        for (var offset = 0; offset < 1000; offset += 3)
        {
            tracker.Track(offset);
        }

        // Complete every other tracked offset, wrapping the ring several times.
        for (var offset = 3; offset < 1000; offset += 6)
        {
            tracker.Complete(offset);
        }

        Assert.Equal(0, tracker.CommitPosition);
        tracker.Complete(0);
        Assert.Equal(6, tracker.CommitPosition);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref target);
            if (value <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref target, value, current) != current);
    }
}
