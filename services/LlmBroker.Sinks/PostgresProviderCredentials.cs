using System.Collections.Frozen;
using LlmBroker.Routing.Providers;
using LlmBroker.Storage.Secrets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Sinks;

/// <summary>How often routers re-read the stored provider keys (configuration section <c>Credentials</c>).</summary>
public sealed class ProviderCredentialsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Credentials";

    /// <summary>Time between reloads: the longest a rotation or revocation takes to reach this router.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The provider keys stored encrypted in PostgreSQL, held decrypted in memory and reloaded every
/// <see cref="ProviderCredentialsOptions.RefreshInterval"/>: a rotation or revocation reaches every
/// router without a restart. The first load happens at start, so no call goes out with a stale key.
/// </summary>
internal sealed partial class PostgresProviderCredentials(
    ProviderCredentialStore store,
    IOptions<ProviderCredentialsOptions> options,
    ILogger<PostgresProviderCredentials> logger) : BackgroundService, IProviderCredentials
{
    private volatile FrozenDictionary<string, Rotation> _keys = FrozenDictionary<string, Rotation>.Empty;

    public string? NextKey(string deployment) =>
        _keys.TryGetValue(deployment, out var rotation) ? rotation.Next() : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep the keys already loaded; the exception names no key (MasterKeyRing and the store
                // never put key material in messages).
                LogReloadFailed(logger, e.GetType().Name, e.Message);
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var loaded = await store.LoadActiveAsync(cancellationToken);
        var previous = _keys;
        _keys = loaded.ToFrozenDictionary(d => d.Key, d => new Rotation([.. d.Value.Select(k => k.Value)]), StringComparer.Ordinal);
        var ids = string.Join(", ", loaded.Select(d => $"{d.Key}: #{string.Join(" #", d.Value.Select(k => k.Id))}"));
        if (previous.Count != loaded.Count || !previous.Keys.Order().SequenceEqual(loaded.Keys.Order()) || previous.Count == 0)
        {
            LogLoaded(logger, loaded.Sum(d => d.Value.Count), ids);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} stored provider keys ({Ids})")]
    private static partial void LogLoaded(ILogger logger, int count, string ids);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reloading stored provider keys failed ({Error}: {Message}); keeping the keys loaded before")]
    private static partial void LogReloadFailed(ILogger logger, string error, string message);

    /// <summary>A deployment's active keys, taken in turn.</summary>
    private sealed class Rotation(string[] keys)
    {
        private int _next = -1;

        public string Next() => keys.Length == 1 ? keys[0] : keys[(int)((uint)Interlocked.Increment(ref _next) % (uint)keys.Length)];
    }
}
