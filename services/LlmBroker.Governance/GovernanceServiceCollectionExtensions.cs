using LlmBroker.Governance.Internal;
using LlmBroker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LlmBroker.Governance;

/// <summary>Registers authentication, authorization and prompt templates.</summary>
public static class GovernanceServiceCollectionExtensions
{
    /// <summary>Key of the <see cref="TimeProvider"/> used for signature and key expiry checks (defaults to the host's).</summary>
    public const string ClockKey = "governance";

    /// <summary>
    /// Adds <see cref="RequestGovernor"/> and the in-memory cache of apps, keys and templates. Reads
    /// <c>Authentication</c> and <c>Postgres</c> configuration; in Signed mode PostgreSQL is required.
    /// </summary>
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        services.AddOptions<GovernanceOptions>().BindConfiguration(GovernanceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GovernanceOptions>>().Value;
            var connectionString = sp.GetRequiredService<IConfiguration>()[$"{PostgresOptions.SectionName}:{nameof(PostgresOptions.ConnectionString)}"];
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                return options.IsEnabled
                    ? throw new OptionsValidationException(GovernanceOptions.SectionName, typeof(GovernanceOptions), ["Authentication:Mode=Signed needs Postgres:ConnectionString (apps and keys live in PostgreSQL)."])
                    : new GovernanceCache(null, sp.GetRequiredService<IOptions<GovernanceOptions>>(), sp.GetRequiredService<ILogger<GovernanceCache>>());
            }

            var keys = options.MasterKey is not null && options.KeyPepper is not null ? new KeyMaterial(options.MasterKey, options.MasterKeyId, options.KeyPepper) : null;
            var schema = sp.GetRequiredService<IConfiguration>()[$"{PostgresOptions.SectionName}:{nameof(PostgresOptions.Schema)}"] ?? PostgresOptions.DefaultSchema;
            var dataSource = sp.GetService<NpgsqlDataSource>() ?? PostgresDataSources.Create(connectionString, schema);
            return new GovernanceCache(
                new GovernanceStore(dataSource, keys),
                sp.GetRequiredService<IOptions<GovernanceOptions>>(),
                sp.GetRequiredService<ILogger<GovernanceCache>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<GovernanceCache>());
        services.TryAddSingleton(sp => new RequestGovernor(
            sp.GetRequiredService<GovernanceCache>(),
            sp.GetRequiredService<IOptions<GovernanceOptions>>(),
            sp.GetRequiredKeyedService<TimeProvider>(ClockKey)));
        return services;
    }
}
