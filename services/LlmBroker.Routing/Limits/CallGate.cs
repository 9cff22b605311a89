using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Limits;

/// <summary>
/// Bounds the requests one router process has at its providers at once, across both lanes (see
/// <see cref="RoutingOptions.MaxCallsInFlight"/>): each lane's own in-flight bound covers only that lane,
/// and a call in flight holds tens of kilobytes for as long as the provider takes. A freed place goes
/// to a waiting interactive request before a waiting batch request, so batch work holds interactive
/// work back at most as long as one call takes.
/// </summary>
internal sealed class CallGate
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _interactive = new();
    private readonly LinkedList<TaskCompletionSource> _batch = new();
    private int _free;

    public CallGate(IOptions<RoutingOptions> options) => _free = options.Value.MaxCallsInFlight;

    /// <summary>Requests waiting for a place (both lanes).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _interactive.Count + _batch.Count;
            }
        }
    }

    /// <summary>Takes a place, waiting for one when none is free; cancelled waits take none.</summary>
    public ValueTask EnterAsync(bool interactive, CancellationToken cancellationToken)
    {
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            // A free place means nobody waits: Exit hands places to waiters directly.
            if (_free > 0)
            {
                _free--;
                return ValueTask.CompletedTask;
            }

            node = (interactive ? _interactive : _batch).AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return WaitAsync(node, cancellationToken);
    }

    /// <summary>Gives a place back: to the first waiting interactive request, else the first waiting batch one.</summary>
    public void Exit()
    {
        TaskCompletionSource next;
        lock (_gate)
        {
            var queue = _interactive.Count > 0 ? _interactive : _batch;
            if (queue.First is not { } first)
            {
                _free++;
                return;
            }

            queue.RemoveFirst();
            next = first.Value;
        }

        next.TrySetResult();
    }

    private async ValueTask WaitAsync(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                // Still queued: leave without a place. Already handed one: keep it (the caller exits it).
                if (node.List is { } queue)
                {
                    queue.Remove(node);
                    node.Value.TrySetCanceled(cancellationToken);
                }
            }
        }).ConfigureAwait(false);
        await node.Value.Task.ConfigureAwait(false);
    }
}
