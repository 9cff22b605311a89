using LlmBroker.Storage.Pricing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmBroker.Sinks;

/// <summary>Loads the price book at start and reloads it every refresh interval.</summary>
internal sealed partial class PriceBookRefresher(PriceBook book, IOptions<PriceBookOptions> options, ILogger<PriceBookRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Prices must be known before the first request is routed; a failure here is retried by the loop.
        try
        {
            await book.RefreshAsync(cancellationToken).ConfigureAwait(false);
            LogLoaded(logger, book.Current.Count);
        }
        catch (Npgsql.NpgsqlException e)
        {
            LogRefreshFailed(logger, e);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await book.RunAsync(options.Value.RefreshInterval, e => LogRefreshFailed(logger, e), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Loaded {Count} list prices")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Could not reload the prices table; keeping the previous prices")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
