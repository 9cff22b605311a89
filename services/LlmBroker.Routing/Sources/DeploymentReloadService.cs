using LlmBroker.Routing.Providers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Sources;

/// <summary>
/// Loads the database's aliases at start (invalid routes stop the service, every error listed), then
/// reloads configuration file and database on every change of the file and every
/// <see cref="RoutingOptions.ReloadInterval"/>. An invalid change is logged and not applied; applied
/// changes are written to <c>deployment_changes</c> when PostgreSQL is configured.
/// </summary>
internal sealed partial class DeploymentReloadService(
    DeploymentCatalog catalog,
    IOptions<RoutingOptions> options,
    ILogger<DeploymentReloadService> logger,
    PostgresDeploymentSource? database = null,
    DeploymentChangeRecorder? recorder = null) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private FileSystemWatcher? _watcher;
    private string _lastFailure = "";
    private bool _started;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var routing = options.Value;
        if (routing.LoadFromDatabase)
        {
            if (database is null)
            {
                throw new OptionsValidationException(RoutingOptions.SectionName, typeof(RoutingOptions),
                    ["Routing:LoadFromDatabase needs Postgres:ConnectionString."]);
            }

            var (errors, _) = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (errors.Count > 0)
            {
                throw new OptionsValidationException(RoutingOptions.SectionName, typeof(RoutingOptions), errors);
            }
        }

        _started = true;
        if (routing.DeploymentsFile is { Length: > 0 } file)
        {
            var full = Path.GetFullPath(file);
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Signal();
            _watcher.Created += (_, _) => Signal();
            _watcher.Renamed += (_, _) => Signal();
            _watcher.EnableRaisingEvents = true;
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads every source and applies the result; returns the problems (nothing applied when any).</summary>
    public async Task<(List<string> Errors, List<DeploymentChange> Changes)> LoadAsync(CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var models = catalog.StaticModels(errors);
        if (options.Value.LoadFromDatabase && database is not null)
        {
            foreach (var model in await database.LoadAsync(cancellationToken).ConfigureAwait(false))
            {
                models.Add((PostgresDeploymentSource.SourceName, model));
            }
        }

        if (errors.Count > 0)
        {
            return (errors, []);
        }

        errors = catalog.Apply(models, out var changes);

        // The first load is this process's starting state, not a change: only later ones are recorded.
        var record = _started;
        _started |= errors.Count == 0;
        if (record && errors.Count == 0 && changes.Count > 0 && recorder is not null)
        {
            await recorder.RecordAsync(changes, cancellationToken).ConfigureAwait(false);
        }

        return (errors, changes);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReloadInterval;
        var watchesSomething = options.Value.LoadFromDatabase || options.Value.DeploymentsFile is { Length: > 0 };
        if (!watchesSomething)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                wait.CancelAfter(interval);
                try
                {
                    await _changed.WaitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The interval passed: poll.
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                var (errors, _) = await LoadAsync(stoppingToken).ConfigureAwait(false);
                var failure = string.Join("; ", errors);
                if (errors.Count > 0 && failure != _lastFailure)
                {
                    LogReloadRejected(logger, errors.Count, failure);
                }

                _lastFailure = failure;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogReloadFailed(logger, e.GetType().Name, e.Message);
            }
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        _changed.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            try
            {
                _changed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Route change rejected, previous routes kept ({Count} problem(s)): {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, int count, string errors);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Routes could not be reloaded ({Error}: {Message}); previous routes kept")]
    private static partial void LogReloadFailed(ILogger logger, string error, string message);
}
