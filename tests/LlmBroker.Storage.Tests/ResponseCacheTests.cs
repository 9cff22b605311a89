using LlmBroker.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Storage.Tests;

public sealed class ResponseCacheTests : PostgresTest
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    private readonly FakeTimeProvider _time = new(TestOutcomes.BaseTime.AddHours(6));
    private readonly ResponseCacheWriter _writer;

    public ResponseCacheTests() =>
        _writer = new ResponseCacheWriter(Options.Create(new ResponseCacheOptions { TimeToLive = Ttl }), _time);

    [Fact]
    public async Task WriteAsync_BatchOf1000_StoresOnlyCacheableAnswers()
    {
        var outcomes = TestOutcomes.Batch(1000);
        var cacheable = outcomes.Where(o => o.Status == ResultStatus.Ok && o.CacheKey.Length > 0 && !o.CacheHit).ToList();

        var written = await WriteAsync(outcomes);

        Assert.True(cacheable.Count > 200);
        Assert.Equal(cacheable.Count, written);
        Assert.Equal((long)cacheable.Count, await Db.ScalarAsync<long>("SELECT count(*) FROM response_cache"));
        Assert.Equal(0L, await Db.ScalarAsync<long>(
            "SELECT count(*) FROM response_cache WHERE expires_at - created_at <> interval '24 hours'"));
    }

    [Fact]
    public async Task WriteAsync_SameBatchTwice_AddsNoDuplicates()
    {
        var outcomes = TestOutcomes.Batch(1000);
        var first = await WriteAsync(outcomes);

        var second = await WriteAsync(outcomes);

        Assert.Equal(0, second);
        Assert.Equal((long)first, await Db.ScalarAsync<long>("SELECT count(*) FROM response_cache"));
    }

    [Fact]
    public async Task WriteAsync_CacheHitOutcome_CountsHitWithoutReplacingEntry()
    {
        var original = Cacheable("k", "first answer", minutes: 0);
        await WriteAsync([original]);
        var hit = Cacheable("k", "served from cache", minutes: 5);
        hit.CacheHit = true;

        var written = await WriteAsync([hit, hit.Clone()]);

        Assert.Equal(0, written);
        Assert.Equal(2L, await Db.ScalarAsync<long>("SELECT hit_count FROM response_cache WHERE cache_key = 'k'"));
        Assert.Equal("first answer", (await ResponseCacheReader.TryGetAsync(DataSource, "k", _time, default))!.Output);
    }

    [Fact]
    public async Task WriteAsync_NewerAnswer_ReplacesOlderAndReplayOfOlderDoesNot()
    {
        var older = Cacheable("k", "older", minutes: 0);
        var newer = Cacheable("k", "newer", minutes: 30);
        await WriteAsync([older]);

        Assert.Equal(1, await WriteAsync([newer]));
        Assert.Equal(0, await WriteAsync([older]));
        // Both in one batch: the newest wins whatever the order.
        Assert.Equal(1, await WriteAsync([Cacheable("k2", "newer", minutes: 30), Cacheable("k2", "older", minutes: 0)]));

        Assert.Equal("newer", (await ResponseCacheReader.TryGetAsync(DataSource, "k", _time, default))!.Output);
        Assert.Equal("newer", (await ResponseCacheReader.TryGetAsync(DataSource, "k2", _time, default))!.Output);
    }

    [Fact]
    public async Task WriteAsync_AnswerAlreadyExpiredOnArrival_IsSkipped()
    {
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(0, await WriteAsync([Cacheable("k", "stale", minutes: 0)]));
        Assert.Equal(0L, await Db.ScalarAsync<long>("SELECT count(*) FROM response_cache"));
    }

    [Fact]
    public async Task TryGetAsync_FreshEntry_ReturnsIt()
    {
        var outcome = Cacheable("k", "cached answer", minutes: 0);
        await WriteAsync([outcome]);

        var entry = await ResponseCacheReader.TryGetAsync(DataSource, "k", _time, default);

        Assert.NotNull(entry);
        Assert.Equal("cached answer", entry.Output);
        Assert.Equal("stop", entry.FinishReason);
        Assert.Equal(outcome.Model, entry.Model);
        Assert.Equal(outcome.ProviderModel, entry.ProviderModel);
        Assert.Equal(outcome.Usage.InputTokens, entry.Usage.InputTokens);
        Assert.Equal(outcome.Usage.OutputTokens, entry.Usage.OutputTokens);
        Assert.Equal(outcome.Times.ValidatedAt.ToDateTimeOffset(), entry.CreatedAt);
        Assert.Equal(entry.CreatedAt + Ttl, entry.ExpiresAt);
    }

    [Fact]
    public async Task TryGetAsync_ExpiredEntry_ReturnsNull()
    {
        await WriteAsync([Cacheable("k", "cached answer", minutes: 0)]);
        Assert.NotNull(await ResponseCacheReader.TryGetAsync(DataSource, "k", _time, default));

        _time.Advance(Ttl);

        Assert.Null(await ResponseCacheReader.TryGetAsync(DataSource, "k", _time, default));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("")]
    public async Task TryGetAsync_UnknownOrEmptyKey_ReturnsNull(string key)
    {
        await WriteAsync([Cacheable("k", "cached answer", minutes: 0)]);

        Assert.Null(await ResponseCacheReader.TryGetAsync(DataSource, key, _time, default));
    }

    private static Outcome Cacheable(string key, string output, int minutes)
    {
        var outcome = TestOutcomes.Create(1);
        outcome.CacheKey = key;
        outcome.CacheHit = false;
        outcome.Status = ResultStatus.Ok;
        outcome.RedactedOutput = output;
        outcome.Times = new StageTimes { ValidatedAt = Timestamp.FromDateTimeOffset(TestOutcomes.BaseTime.AddMinutes(minutes)) };
        outcome.RequestId = $"{key}-{minutes}";
        return outcome;
    }

    private Task<int> WriteAsync(IReadOnlyList<Outcome> outcomes) =>
        InTransactionAsync((c, t) => _writer.WriteAsync(c, t, outcomes, default));
}
