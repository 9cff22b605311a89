namespace LlmBroker.FakeProvider;

/// <summary>
/// The programmable behaviour of a running fake provider. Thread-safe: change it at any time, from tests
/// or through <c>POST /_fake/behavior</c>; each request reads the values current when it arrives.
/// </summary>
public sealed class FakeBehavior
{
    private readonly FakeProviderOptions _defaults;
    private readonly Lock _randomGate = new();
    private readonly Lock _failuresGate = new();
    private long _latencyTicks;
    private long _jitterTicks;
    private int _cachedPromptTokens;
    private int _cacheWritePromptTokens;
    private volatile string? _reply;
    private volatile string[] _requiredApiKeys = [];
    private volatile ArmedFailure[] _failures = [];
    private readonly Lock _scriptsGate = new();
    private readonly List<ReplyScript> _scripts = [];
    private Random _random = null!;

    internal FakeBehavior(FakeProviderOptions defaults)
    {
        _defaults = defaults;
        Reset();
    }

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _latencyTicks));
        set => Volatile.Write(ref _latencyTicks, NotNegative(value).Ticks);
    }

    /// <summary>The delay varies uniformly within ± this much (never below zero).</summary>
    public TimeSpan LatencyJitter
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _jitterTicks));
        set => Volatile.Write(ref _jitterTicks, NotNegative(value).Ticks);
    }

    /// <summary>Fixed answer text; <see langword="null"/> or empty answers <c>"echo: " + last user message</c>.</summary>
    public string? Reply
    {
        get => _reply;
        set => _reply = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// Answers the requests whose first user message contains <paramref name="match"/> with
    /// <paramref name="replies"/> in order; once they are used up the last one repeats. The first
    /// matching script wins; scripts come before <see cref="Reply"/>. Multi-turn follow-ups (such as
    /// a repair turn) keep the first user message, so they continue the same script.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="match"/> or <paramref name="replies"/> is empty.</exception>
    public void ScriptReplies(string match, params IReadOnlyList<string> replies)
    {
        ArgumentException.ThrowIfNullOrEmpty(match);
        if (replies.Count == 0)
        {
            throw new ArgumentException("at least one reply is needed", nameof(replies));
        }

        lock (_scriptsGate)
        {
            _scripts.Add(new ReplyScript(match, [.. replies]));
        }
    }

    /// <summary>Removes every reply script.</summary>
    public void ClearScripts()
    {
        lock (_scriptsGate)
        {
            _scripts.Clear();
        }
    }

    /// <summary>Prompt tokens reported as read from the prompt cache (at most the prompt's tokens). Default 0.</summary>
    public int CachedPromptTokens
    {
        get => Volatile.Read(ref _cachedPromptTokens);
        set => Volatile.Write(ref _cachedPromptTokens, Math.Max(0, value));
    }

    /// <summary>Prompt tokens reported as written to the prompt cache (Anthropic's cache_creation_input_tokens). Default 0.</summary>
    public int CacheWritePromptTokens
    {
        get => Volatile.Read(ref _cacheWritePromptTokens);
        set => Volatile.Write(ref _cacheWritePromptTokens, Math.Max(0, value));
    }

    /// <summary>When not empty, requests must carry one of these keys or get 401.</summary>
    public IReadOnlyList<string> RequiredApiKeys
    {
        get => _requiredApiKeys;
        set => _requiredApiKeys = [.. value];
    }

    /// <summary>The failure rules in the order they are tried; <see cref="FakeFailure.Count"/> shows what is left.</summary>
    public IReadOnlyList<FakeFailure> Failures => [.. _failures.Select(f => f.Current)];

    /// <summary>Adds a failure rule after the existing ones.</summary>
    /// <exception cref="ArgumentException">The rule is invalid.</exception>
    public void AddFailure(FakeFailure failure)
    {
        var errors = failure.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(failure));
        }

        lock (_failuresGate)
        {
            _failures = [.. _failures, new ArmedFailure(failure)];
        }
    }

    /// <summary>Makes the next <paramref name="count"/> requests fail with <paramref name="kind"/>.</summary>
    public void FailNext(FakeFailureKind kind, int count = 1) => AddFailure(new FakeFailure { Kind = kind, Count = count });

    /// <summary>Replaces all failure rules.</summary>
    /// <exception cref="ArgumentException">A rule is invalid; nothing is changed.</exception>
    public void SetFailures(IEnumerable<FakeFailure> failures)
    {
        var list = failures.ToList();
        var errors = list.SelectMany(f => f.Validate()).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(failures));
        }

        lock (_failuresGate)
        {
            _failures = [.. list.Select(f => new ArmedFailure(f))];
        }
    }

    /// <summary>Removes all failure rules.</summary>
    public void ClearFailures() => SetFailures([]);

    /// <summary>Restarts the random source (failure probabilities, jitter) from <paramref name="seed"/>.</summary>
    public void Reseed(int seed)
    {
        lock (_randomGate)
        {
            _random = new Random(seed);
        }
    }

    /// <summary>Returns every setting to the start-up options and reseeds the random source.</summary>
    public void Reset()
    {
        Latency = _defaults.Latency;
        LatencyJitter = _defaults.LatencyJitter;
        Reply = _defaults.Reply;
        CachedPromptTokens = 0;
        CacheWritePromptTokens = 0;
        RequiredApiKeys = _defaults.RequiredApiKeys;
        SetFailures(_defaults.Failures);
        ClearScripts();
        Reseed(_defaults.Seed);
    }

    internal string? NextScriptedReply(string firstUserText)
    {
        lock (_scriptsGate)
        {
            foreach (var script in _scripts)
            {
                if (firstUserText.Contains(script.Match, StringComparison.Ordinal))
                {
                    return script.Replies[Math.Min(script.Used++, script.Replies.Length - 1)];
                }
            }
        }

        return null;
    }

    internal bool Accepts(string? apiKey)
    {
        var required = _requiredApiKeys;
        return required.Length == 0 || (apiKey is not null && Array.IndexOf(required, apiKey) >= 0);
    }

    internal TimeSpan NextDelay()
    {
        var latency = Volatile.Read(ref _latencyTicks);
        var jitter = Volatile.Read(ref _jitterTicks);
        if (jitter == 0)
        {
            return TimeSpan.FromTicks(latency);
        }

        double roll;
        lock (_randomGate)
        {
            roll = _random.NextDouble();
        }

        return TimeSpan.FromTicks(Math.Max(0, latency + (long)((roll * 2 - 1) * jitter)));
    }

    /// <summary>
    /// The failure this request gets, if any, among the rules that fail <paramref name="atOnce"/>
    /// (before the latency) or after it.
    /// </summary>
    internal FakeFailure? NextFailure(string? model, string? deployment, string? apiKey, bool atOnce = false)
    {
        foreach (var armed in _failures)
        {
            var rule = armed.Rule;
            if (rule.AtOnce != atOnce)
            {
                continue;
            }

            if (rule.Model is not null
                && !string.Equals(rule.Model, model, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(rule.Model, deployment, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (rule.ApiKey is not null && !string.Equals(rule.ApiKey, apiKey, StringComparison.Ordinal))
            {
                continue;
            }

            if (armed.IsSpent || !Roll(rule.Probability))
            {
                continue;
            }

            if (armed.TryConsume())
            {
                return rule;
            }
        }

        return null;
    }

    private bool Roll(double probability)
    {
        if (probability >= 1)
        {
            return true;
        }

        lock (_randomGate)
        {
            return _random.NextDouble() < probability;
        }
    }

    private static TimeSpan NotNegative(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must not be negative");

    /// <summary>Replies for the requests that match, and how many were given.</summary>
    private sealed class ReplyScript(string match, string[] replies)
    {
        public string Match { get; } = match;

        public string[] Replies { get; } = replies;

        public int Used { get; set; }
    }

    /// <summary>A rule with its remaining count (-1 for unlimited), consumed lock-free.</summary>
    private sealed class ArmedFailure(FakeFailure rule)
    {
        private int _remaining = rule.Count ?? -1;

        public FakeFailure Rule { get; } = rule;

        public bool IsSpent => Volatile.Read(ref _remaining) == 0;

        public FakeFailure Current => Rule.Count is null ? Rule : Rule with { Count = Math.Max(0, Volatile.Read(ref _remaining)) };

        public bool TryConsume()
        {
            while (true)
            {
                var remaining = Volatile.Read(ref _remaining);
                if (remaining < 0)
                {
                    return true;
                }

                if (remaining == 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _remaining, remaining - 1, remaining) == remaining)
                {
                    return true;
                }
            }
        }
    }
}
