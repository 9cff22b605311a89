using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Governance.Internal;

/// <summary>
/// Holds the governance snapshot in memory (no database round trip per message) and reloads it when
/// <c>governance_revision</c> changes; writes keys' last use in batches on the same timer.
/// </summary>
internal sealed partial class GovernanceCache(
    GovernanceStore? store,
    IOptions<GovernanceOptions> options,
    ILogger<GovernanceCache> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private volatile GovernanceSnapshot _current = GovernanceSnapshot.Empty;

    public GovernanceSnapshot Current => _current;

    /// <summary>Completes once the first snapshot is loaded.</summary>
    public Task Ready => _ready.Task;

    public void MarkUsed(string keyId, DateTimeOffset at) => _used[keyId] = at;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled)
        {
            LogDisabled(logger);
        }
        else if (DevelopmentKeys.AreUsed(options.Value.MasterKey, options.Value.KeyPepper))
        {
            LogDevelopmentKeys(logger);
        }

        if (store is null)
        {
            _ready.TrySetResult();
            return;
        }

        // The first load happens before the stage starts consuming; a failure stops the service,
        // except in Disabled mode, where only templates come from the database.
        try
        {
            _current = await store.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!options.Value.IsEnabled && e is Npgsql.NpgsqlException)
        {
            LogRefreshFailed(logger, e);
        }

        _ready.TrySetResult();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (store is not null)
        {
            await FlushUsageAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reloads now when the revision changed (the timer does the same).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return;
        }

        var revision = await store.GetRevisionAsync(cancellationToken).ConfigureAwait(false);
        if (revision != _current.Revision)
        {
            _current = await store.LoadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            LogReloaded(logger, _current.Revision);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
                await FlushUsageAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep serving the last good snapshot; try again on the next tick.
                LogRefreshFailed(logger, e);
            }
        }
    }

    private async Task FlushUsageAsync(CancellationToken cancellationToken)
    {
        if (_used.IsEmpty || store is null)
        {
            return;
        }

        var batch = new List<KeyValuePair<string, DateTimeOffset>>();
        foreach (var key in _used.Keys)
        {
            if (_used.TryRemove(key, out var at))
            {
                batch.Add(new(key, at));
            }
        }

        await store.TouchKeysAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Authentication:Mode=Disabled: requests are NOT authenticated or authorized. Development only.")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Authentication uses the built-in DEVELOPMENT master key and pepper, which are public: API keys are not protected at rest. Development only; deployments set Authentication__MasterKey and Authentication__KeyPepper.")]
    private static partial void LogDevelopmentKeys(ILogger logger);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Apps, keys and templates reloaded at revision {Revision}")]
    private static partial void LogReloaded(ILogger logger, long revision);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Reloading apps, keys and templates failed; the previous ones stay in use")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
