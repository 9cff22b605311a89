using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Messaging.Hosting;
using LlmBroker.Routing;
using LlmBroker.Routing.Limits;
using LlmBroker.Routing.Providers;
using LlmBroker.Storage;
using LlmBroker.Storage.Secrets;
using LlmBroker.Storage.Pricing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Sinks;

/// <summary>Registers PostgreSQL and the sinks that write outcomes to it.</summary>
public static class SinksServiceCollectionExtensions
{
    /// <summary>Stage name of the audit writer.</summary>
    public const string AuditWriterStage = "audit-writer";

    /// <summary>Stage name of the cost rollup.</summary>
    public const string CostRollupStage = "cost-rollup";

    /// <summary>Stage name of the cache writer.</summary>
    public const string CacheWriterStage = "cache-writer";

    /// <summary>Adds PostgreSQL options (validated at start) and one shared data source.</summary>
    public static IServiceCollection AddLlmBrokerPostgres(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => PostgresDataSources.Create(sp.GetRequiredService<IOptions<PostgresOptions>>().Value));
        return services;
    }

    /// <summary>Makes the router read the exact-match cache from PostgreSQL.</summary>
    public static IServiceCollection AddPostgresResponseCache(this IServiceCollection services)
    {
        services.AddLlmBrokerPostgres();
        services.RemoveAll<IResponseCache>();
        services.AddSingleton<IResponseCache, PostgresResponseCache>();
        return services;
    }

    /// <summary>
    /// Makes the router take provider keys from PostgreSQL (encrypted under the master keys of the
    /// <c>Secrets</c> section), reloaded without restart; configured keys still apply to deployments
    /// with no stored key.
    /// </summary>
    public static IServiceCollection AddPostgresProviderCredentials(this IServiceCollection services)
    {
        services.AddLlmBrokerPostgres();
        services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.SectionName);
        services.AddOptions<ProviderCredentialsOptions>().BindConfiguration(ProviderCredentialsOptions.SectionName)
            .Validate(o => o.RefreshInterval > TimeSpan.Zero, "Credentials:RefreshInterval must be positive").ValidateOnStart();
        services.TryAddSingleton(sp => MasterKeyRing.Create(sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value));
        services.TryAddSingleton(sp => new ProviderCredentialStore(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<MasterKeyRing>()));
        services.RemoveAll<IProviderCredentials>();
        services.AddSingleton<PostgresProviderCredentials>();
        services.AddSingleton<IProviderCredentials>(sp => sp.GetRequiredService<PostgresProviderCredentials>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresProviderCredentials>());
        return services;
    }

    /// <summary>
    /// Makes the router's rate limits and budgets shared by every router process: token buckets in
    /// <c>rate_buckets</c>, budget reservations in <c>budget_usage</c>.
    /// </summary>
    public static IServiceCollection AddPostgresRateLimits(this IServiceCollection services)
    {
        services.AddLlmBrokerPostgres();
        services.RemoveAll<IQuotaStore>();
        services.AddSingleton<IQuotaStore, PostgresQuotaStore>();
        services.RemoveAll<IBudgetGuard>();
        services.AddSingleton<IBudgetGuard, PostgresBudgetGuard>();
        return services;
    }

    /// <summary>
    /// Makes the router charge list prices from the PostgreSQL prices table (reloaded every
    /// <see cref="PriceBookOptions.RefreshInterval"/>); deployments with configured prices keep them.
    /// </summary>
    public static IServiceCollection AddPostgresPrices(this IServiceCollection services)
    {
        services.AddLlmBrokerPostgres();
        services.AddOptions<PriceBookOptions>().BindConfiguration(PriceBookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PriceBook>();
        services.RemoveAll<IPriceCatalog>();
        services.AddSingleton<IPriceCatalog, PriceBookCatalog>();
        services.AddHostedService<PriceBookRefresher>();
        return services;
    }

    /// <summary>Adds the audit writer.</summary>
    public static IServiceCollection AddAuditWriterStage(this IServiceCollection services)
    {
        services.AddLlmBrokerPostgres();
        services.TryAddSingleton<AuditLogWriter>();
        // Two write lanes by default: chains are per partition, so the lanes never wait on each
        // other, and PostgreSQL stores two batches at once (configuration still decides; it is bound after this).
        services.Configure<ConsumerOptions>(AuditWriterStage, o => o.WriteLanes = 2);
        return services.AddBatchHandler<Outcome, WriteAuditLogHandler, PostgresPositionStore>(AuditWriterStage, t => [t.Outcomes]);
    }

    /// <summary>Adds the cost rollup (usage ledger and hourly costs).</summary>
    public static IServiceCollection AddCostRollupStage(this IServiceCollection services)
    {
        // Two write lanes by default: the ledger rows of two batches are stored at once; the lanes
        // only wait on each other for the small rollup upsert at the end (configuration still decides).
        services.Configure<ConsumerOptions>(CostRollupStage, o => o.WriteLanes = 2);
        services.AddLlmBrokerPostgres();
        services.TryAddSingleton<UsageLedgerWriter>();
        return services.AddBatchHandler<Outcome, WritePreparedOutcomesHandler<UsageLedgerWriter>, PostgresPositionStore>(CostRollupStage, t => [t.Outcomes]);
    }

    /// <summary>Adds the cache writer.</summary>
    public static IServiceCollection AddCacheWriterStage(this IServiceCollection services) =>
        services.AddOutcomeSink<ResponseCacheWriter>(CacheWriterStage);

    private static IServiceCollection AddOutcomeSink<TWriter>(this IServiceCollection services, string stage)
        where TWriter : class, IOutcomeWriter
    {
        services.AddLlmBrokerPostgres();
        services.TryAddSingleton<TWriter>();
        return services.AddBatchHandler<Outcome, WriteOutcomesHandler<TWriter>, PostgresPositionStore>(stage, t => [t.Outcomes]);
    }
}
