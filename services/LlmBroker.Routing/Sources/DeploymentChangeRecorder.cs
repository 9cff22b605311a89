using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace LlmBroker.Routing.Sources;

/// <summary>One applied change of the routes.</summary>
internal sealed record DeploymentChange(string Source, string Alias, string? Deployment, string Change, string? Before, string? After)
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string Updated = "updated";
}

/// <summary>Writes applied route changes to <c>deployment_changes</c> in one statement per reload.</summary>
internal sealed class DeploymentChangeRecorder(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly string s_instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task RecordAsync(IReadOnlyList<DeploymentChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO deployment_changes (changed_at, source, alias, deployment, change, before, after, recorded_by)
            SELECT @at, s, a, d, c, b::jsonb, f::jsonb, @by
            FROM unnest(@sources, @aliases, @deployments, @changes, @befores, @afters) AS t(s, a, d, c, b, f)
            """);
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        command.Parameters.AddWithValue("by", s_instance);
        command.Parameters.Add(Array("sources", changes.Select(c => (string?)c.Source)));
        command.Parameters.Add(Array("aliases", changes.Select(c => (string?)c.Alias)));
        command.Parameters.Add(Array("deployments", changes.Select(c => c.Deployment)));
        command.Parameters.Add(Array("changes", changes.Select(c => (string?)c.Change)));
        command.Parameters.Add(Array("befores", changes.Select(c => c.Before)));
        command.Parameters.Add(Array("afters", changes.Select(c => c.After)));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Array(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };
}

/// <summary>Compares two route sets alias by alias and deployment by deployment.</summary>
internal static class RouteDiff
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Describe(DeploymentOptions deployment) => JsonSerializer.Serialize(deployment, s_json);

    public static string DescribeAlias(ModelRouteOptions alias) => JsonSerializer.Serialize(
        new { alias.Alias, alias.Strategy, alias.Fallbacks, alias.ContextWindowFallbacks, alias.ContentPolicyFallbacks, alias.HedgingDelay }, s_json);

    public static List<DeploymentChange> Compare(
        IReadOnlyDictionary<string, (string Source, ModelRouteOptions Model)> before,
        IReadOnlyDictionary<string, (string Source, ModelRouteOptions Model)> after)
    {
        var changes = new List<DeploymentChange>();
        foreach (var (alias, (source, model)) in after)
        {
            if (!before.TryGetValue(alias, out var old))
            {
                changes.Add(new(source, alias, null, DeploymentChange.Added, null, DescribeAlias(model)));
                foreach (var d in model.Deployments)
                {
                    changes.Add(new(source, alias, d.Name, DeploymentChange.Added, null, Describe(d)));
                }

                continue;
            }

            var (oldAlias, newAlias) = (DescribeAlias(old.Model), DescribeAlias(model));
            if (oldAlias != newAlias)
            {
                changes.Add(new(source, alias, null, DeploymentChange.Updated, oldAlias, newAlias));
            }

            var oldDeployments = old.Model.Deployments.ToDictionary(d => d.Name, StringComparer.Ordinal);
            foreach (var d in model.Deployments)
            {
                var now = Describe(d);
                if (!oldDeployments.Remove(d.Name, out var was))
                {
                    changes.Add(new(source, alias, d.Name, DeploymentChange.Added, null, now));
                }
                else if (Describe(was) is var then && (then != now || was.ApiKey != d.ApiKey))
                {
                    changes.Add(new(source, alias, d.Name, DeploymentChange.Updated, then, now));
                }
            }

            foreach (var removed in oldDeployments.Values)
            {
                changes.Add(new(source, alias, removed.Name, DeploymentChange.Removed, Describe(removed), null));
            }
        }

        foreach (var (alias, (source, model)) in before)
        {
            if (!after.ContainsKey(alias))
            {
                changes.Add(new(source, alias, null, DeploymentChange.Removed, DescribeAlias(model), null));
                foreach (var d in model.Deployments)
                {
                    changes.Add(new(source, alias, d.Name, DeploymentChange.Removed, Describe(d), null));
                }
            }
        }

        return changes;
    }
}
