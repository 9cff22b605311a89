using Dapper;
using Npgsql;

namespace LlmBroker.Routing.Sources;

/// <summary>Reads the aliases and deployments of the <c>route_aliases</c> and <c>deployments</c> tables.</summary>
internal sealed class PostgresDeploymentSource(NpgsqlDataSource dataSource)
{
    public const string SourceName = "database";

    public async Task<IReadOnlyList<ModelRouteOptions>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var aliasRows = await connection.QueryAsync<AliasRow>(new CommandDefinition(
            """
            SELECT alias, strategy, fallbacks, context_window_fallbacks AS ContextWindowFallbacks,
                   content_policy_fallbacks AS ContentPolicyFallbacks, hedging_delay_ms AS HedgingDelayMs
            FROM route_aliases ORDER BY alias
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var deploymentRows = await connection.QueryAsync<DeploymentRow>(new CommandDefinition(
            """
            SELECT name, alias, provider, model, endpoint, api_key_env AS ApiKeyEnv, api_version AS ApiVersion,
                   weight, rpm, tpm, context_window AS ContextWindow, default_max_output_tokens AS DefaultMaxOutputTokens,
                   region, tags, input_price_per_million AS InputPricePerMillion, output_price_per_million AS OutputPricePerMillion,
                   cached_input_price_per_million AS CachedInputPricePerMillion, cache_write_price_per_million AS CacheWritePricePerMillion
            FROM deployments WHERE enabled ORDER BY alias, name
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var byAlias = new Dictionary<string, ModelRouteOptions>(StringComparer.Ordinal);
        var ordered = new List<ModelRouteOptions>();
        foreach (var row in aliasRows)
        {
            var model = new ModelRouteOptions
            {
                Alias = row.Alias,
                Strategy = row.Strategy,
                Fallbacks = [.. row.Fallbacks ?? []],
                ContextWindowFallbacks = [.. row.ContextWindowFallbacks ?? []],
                ContentPolicyFallbacks = [.. row.ContentPolicyFallbacks ?? []],
                HedgingDelay = row.HedgingDelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            };
            byAlias[row.Alias] = model;
            ordered.Add(model);
        }

        foreach (var row in deploymentRows)
        {
            if (!byAlias.TryGetValue(row.Alias, out var model))
            {
                model = new ModelRouteOptions { Alias = row.Alias };
                byAlias[row.Alias] = model;
                ordered.Add(model);
            }

            model.Deployments.Add(new DeploymentOptions
            {
                Name = row.Name,
                Provider = row.Provider,
                Model = row.Model,
                Endpoint = row.Endpoint,
                ApiKeyEnv = row.ApiKeyEnv,
                ApiVersion = row.ApiVersion ?? new DeploymentOptions().ApiVersion,
                Weight = row.Weight,
                Rpm = row.Rpm,
                Tpm = row.Tpm,
                ContextWindow = row.ContextWindow,
                DefaultMaxOutputTokens = row.DefaultMaxOutputTokens,
                Region = row.Region,
                Tags = [.. row.Tags ?? []],
                InputPricePerMillion = row.InputPricePerMillion,
                OutputPricePerMillion = row.OutputPricePerMillion,
                CachedInputPricePerMillion = row.CachedInputPricePerMillion,
                CacheWritePricePerMillion = row.CacheWritePricePerMillion,
            });
        }

        return ordered;
    }

    private sealed class AliasRow
    {
        public string Alias { get; init; } = "";
        public string Strategy { get; init; } = "";
        public string[]? Fallbacks { get; init; }
        public string[]? ContextWindowFallbacks { get; init; }
        public string[]? ContentPolicyFallbacks { get; init; }
        public int? HedgingDelayMs { get; init; }
    }

    private sealed class DeploymentRow
    {
        public string Name { get; init; } = "";
        public string Alias { get; init; } = "";
        public string Provider { get; init; } = "";
        public string Model { get; init; } = "";
        public string Endpoint { get; init; } = "";
        public string? ApiKeyEnv { get; init; }
        public string? ApiVersion { get; init; }
        public int Weight { get; init; }
        public int Rpm { get; init; }
        public int Tpm { get; init; }
        public int ContextWindow { get; init; }
        public int DefaultMaxOutputTokens { get; init; }
        public string? Region { get; init; }
        public string[]? Tags { get; init; }
        public decimal InputPricePerMillion { get; init; }
        public decimal OutputPricePerMillion { get; init; }
        public decimal? CachedInputPricePerMillion { get; init; }
        public decimal? CacheWritePricePerMillion { get; init; }
    }
}
