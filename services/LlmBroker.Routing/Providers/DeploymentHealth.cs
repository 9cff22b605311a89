using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace LlmBroker.Routing.Providers;

/// <summary>
/// What the router knows about one deployment at run time, shared by every call of the process and kept
/// across reloads (by deployment name): calls in flight, a moving average of latency, tokens used this
/// minute, and the resilience pipeline with the deployment's circuit breaker.
/// </summary>
internal sealed class DeploymentHealth
{
    private const double LatencySmoothing = 0.2;
    private readonly TimeProvider _time;
    private CircuitBreakerStateProvider? _breaker;
    private long _openUntilTicks;
    private int _inFlight;
    private long _latencyBits;
    private long _minute;
    private long _tokensThisMinute;
    private long _requestsThisMinute;

    public DeploymentHealth(TimeProvider time)
    {
        _time = time;
        Pipeline = ResiliencePipeline.Empty;
    }

    /// <summary>Retry, circuit breaker and per-attempt timeout of this deployment.</summary>
    public ResiliencePipeline Pipeline { get; private set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Moving average of successful call latency in milliseconds; 0 before the first success.</summary>
    public double LatencyMs => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _latencyBits));

    /// <summary>
    /// Whether the circuit is open and its break has not ended: the deployment is skipped. (The breaker
    /// itself only turns half-open when a call comes, so once the break is over the next call is the probe.)
    /// </summary>
    public bool IsOpen => _breaker is { } breaker && breaker.CircuitState switch
    {
        CircuitState.Isolated => true,
        CircuitState.Open => _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _openUntilTicks),
        _ => false,
    };

    public void Initialize(ResiliencePipeline pipeline, CircuitBreakerStateProvider? breaker)
    {
        Pipeline = pipeline;
        _breaker = breaker;
    }

    public void BreakerOpened(TimeSpan breakDuration) =>
        Interlocked.Exchange(ref _openUntilTicks, (_time.GetUtcNow() + breakDuration).UtcTicks);

    /// <summary>When the current break ends (the next call is then the probe); meaningful while <see cref="IsOpen"/>.</summary>
    public DateTimeOffset OpenUntil => new(Interlocked.Read(ref _openUntilTicks), TimeSpan.Zero);

    public CircuitState CircuitState => _breaker?.CircuitState ?? CircuitState.Closed;

    public long TokensThisMinute => CurrentMinute() == Interlocked.Read(ref _minute) ? Interlocked.Read(ref _tokensThisMinute) : 0;

    public long RequestsThisMinute => CurrentMinute() == Interlocked.Read(ref _minute) ? Interlocked.Read(ref _requestsThisMinute) : 0;

    public void CallStarted()
    {
        Interlocked.Increment(ref _inFlight);
        RollMinute();
        Interlocked.Increment(ref _requestsThisMinute);
    }

    public void CallEnded() => Interlocked.Decrement(ref _inFlight);

    public void RecordSuccess(TimeSpan latency, long tokens)
    {
        // Races between two updates lose one sample, which a moving average tolerates.
        var previous = LatencyMs;
        var sample = latency.TotalMilliseconds;
        var next = previous == 0 ? sample : previous + (LatencySmoothing * (sample - previous));
        Interlocked.Exchange(ref _latencyBits, BitConverter.DoubleToInt64Bits(next));
        RecordTokens(tokens);
    }

    public void RecordTokens(long tokens)
    {
        RollMinute();
        Interlocked.Add(ref _tokensThisMinute, tokens);
    }

    private long CurrentMinute() => _time.GetUtcNow().ToUnixTimeSeconds() / 60;

    private void RollMinute()
    {
        var now = CurrentMinute();
        var seen = Interlocked.Read(ref _minute);
        if (seen != now && Interlocked.CompareExchange(ref _minute, now, seen) == seen)
        {
            Interlocked.Exchange(ref _tokensThisMinute, 0);
            Interlocked.Exchange(ref _requestsThisMinute, 0);
        }
    }
}

/// <summary>The <see cref="DeploymentHealth"/> of every deployment by name, created on first use.</summary>
internal sealed class DeploymentHealthRegistry(IOptions<RoutingOptions> options, TimeProvider time)
{
    /// <summary>Polly's own ratio: any counted failure (see <see cref="FailureWindow"/>) is enough.</summary>
    private const double CountedFailureOpens = 1e-9;

    private readonly ConcurrentDictionary<string, DeploymentHealth> _byName = new(StringComparer.Ordinal);

    public DeploymentHealth Get(string deployment) => _byName.GetOrAdd(deployment, _ => Create(options.Value, time));

    private static DeploymentHealth Create(RoutingOptions routing, TimeProvider time)
    {
        var health = new DeploymentHealth(time);
        var builder = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, routing.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = routing.RetryBaseDelay,
                MaxDelay = routing.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    routing.MaxRetries > 0
                    && args.Context.Properties.GetValue(ProviderInvoker.RetryInPlaceKey, true)
                    && args.Outcome.Exception is { } e && e is not OperationCanceledException && ProviderErrors.Classify(e).Retryable),
                DelayGenerator = args =>
                {
                    if (args.Context.Properties.TryGetValue(ProviderInvoker.RetryAfterKey, out var box) && box.Value is { } after)
                    {
                        box.Value = null;
                        return ValueTask.FromResult<TimeSpan?>(after < routing.MaxRetryDelay ? after : routing.MaxRetryDelay);
                    }

                    return ValueTask.FromResult<TimeSpan?>(null);
                },
            });

        CircuitBreakerStateProvider? state = null;
        var breaker = routing.CircuitBreaker;
        if (breaker.Enabled)
        {
            state = new CircuitBreakerStateProvider();
            var window = new FailureWindow(time, breaker.SamplingDuration);
            var provider = state;
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                // The failure ratio is judged by the FailureWindow below (it counts the calls still in
                // flight); a failure that reaches Polly is already one that opens the circuit, so Polly's
                // own ratio only needs to see it. Polly keeps the states, the break and the probe.
                FailureRatio = CountedFailureOpens,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
                StateProvider = state,
                OnOpened = args =>
                {
                    health.BreakerOpened(args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    window.Clear();
                    return ValueTask.CompletedTask;
                },
                ShouldHandle = args =>
                {
                    if (args.Outcome.Exception is not { } e || !ProviderErrors.CountsAgainstHealth(e))
                    {
                        window.Succeeded();
                        return ValueTask.FromResult(false);
                    }

                    // A failed probe always opens the circuit again.
                    var elapsed = args.Context.Properties.GetValue(ProviderInvoker.AttemptElapsedKey, TimeSpan.Zero);
                    var pending = FailureWindow.PendingPeers(health.InFlight, elapsed, health.LatencyMs);
                    var counts = window.Failed(pending, breaker.FailureRatio) || provider.CircuitState == CircuitState.HalfOpen;
                    return ValueTask.FromResult(counts);
                },
            });
        }

        health.Initialize(builder.AddTimeout(routing.AttemptTimeout).Build(), state);
        return health;
    }
}

/// <summary>
/// The circuit breaker's evidence about one deployment: the calls that ended within the sampling
/// window, and the calls in flight that started before the failed call did. A failure counts against
/// the deployment only when the failures are at least the failure ratio of all of them. Counting only
/// the calls that ended would open the circuit of a deployment whose errors come back at once while its
/// answers take seconds: at first only the errors have ended (a 10% share of quick 503s beside 1 s
/// answers looked like 100% failures and opened every deployment's circuit).
/// </summary>
internal sealed class FailureWindow(TimeProvider time, TimeSpan sampling)
{
    /// <summary>
    /// The calls in flight that started before a failed call that took <paramref name="elapsed"/>: those
    /// older than it. Calls in flight are taken as spread evenly over the average answer time, so the
    /// share older than <paramref name="elapsed"/> is <c>1 − elapsed / average</c>: all of them for an
    /// error that came at once, none for a timeout longer than an answer takes (the ended calls alone
    /// judge a deployment that stopped answering). Before the first answer the average is unknown and
    /// every call in flight counts.
    /// </summary>
    public static int PendingPeers(int inFlight, TimeSpan elapsed, double averageLatencyMs)
    {
        if (inFlight <= 0)
        {
            return 0;
        }

        if (averageLatencyMs <= 0)
        {
            return inFlight;
        }

        var older = 1 - (elapsed.TotalMilliseconds / averageLatencyMs);
        return older <= 0 ? 0 : (int)(inFlight * older);
    }

    private const int Buckets = 10;
    private readonly long _bucketTicks = Math.Max(1, sampling.Ticks / Buckets);
    private readonly long[] _slot = new long[Buckets];
    private readonly int[] _succeeded = new int[Buckets];
    private readonly int[] _failed = new int[Buckets];
    private readonly Lock _gate = new();

    public void Succeeded()
    {
        lock (_gate)
        {
            _succeeded[Current(out _)]++;
        }
    }

    /// <summary>Records a failure; true when failures are at least <paramref name="ratio"/> of the calls ended in the window plus <paramref name="pending"/> (see <see cref="PendingPeers"/>).</summary>
    public bool Failed(int pending, double ratio)
    {
        lock (_gate)
        {
            _failed[Current(out var now)]++;
            long succeeded = 0, failed = 0;
            for (var i = 0; i < Buckets; i++)
            {
                if (_slot[i] > now - Buckets)
                {
                    succeeded += _succeeded[i];
                    failed += _failed[i];
                }
            }

            return failed >= ratio * (succeeded + failed + Math.Max(0, pending));
        }
    }

    /// <summary>Forgets every call (the circuit closed again).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_slot);
            Array.Clear(_succeeded);
            Array.Clear(_failed);
        }
    }

    private int Current(out long bucket)
    {
        bucket = time.GetUtcNow().UtcTicks / _bucketTicks;
        var i = (int)(bucket % Buckets);
        if (_slot[i] != bucket)
        {
            (_slot[i], _succeeded[i], _failed[i]) = (bucket, 0, 0);
        }

        return i;
    }
}
