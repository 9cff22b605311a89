using LlmBroker.Routing.Sources;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Internal;

/// <summary>Checks the routing configuration (and the deployments file it names) and reports every problem at once.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        var models = new List<(string Source, ModelRouteOptions Model)>();
        foreach (var model in options.Models)
        {
            models.Add(("Routing:Models", model));
        }

        if (options.DeploymentsFile is { Length: > 0 } file)
        {
            var loaded = YamlDeploymentsFile.TryLoad(file, errors);
            foreach (var model in loaded)
            {
                models.Add((file, model));
            }
        }

        if (models.Count == 0 && !options.LoadFromDatabase && errors.Count == 0)
        {
            errors.Add("Routing:Models must name at least one model alias (or set Routing:DeploymentsFile or Routing:LoadFromDatabase).");
        }

        // The database is checked when the router loads it; its aliases may be the targets of fallbacks here.
        RouteConfigValidator.Validate(models, errors, allowUnknownFallbacks: options.LoadFromDatabase);

        if (options.ReloadInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add("Routing:ReloadInterval must be at least 100 ms.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add("Routing:AttemptTimeout must be positive.");
        }

        if (options.MaxCallsInFlight < 1)
        {
            errors.Add("Routing:MaxCallsInFlight must be at least 1.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            errors.Add("Routing:MaxRetries must be between 0 and 20.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            errors.Add("Routing:RetryBaseDelay must be non-negative and not above Routing:MaxRetryDelay.");
        }

        var breaker = options.CircuitBreaker;
        if (breaker.FailureRatio is <= 0 or > 1 || double.IsNaN(breaker.FailureRatio))
        {
            errors.Add("Routing:CircuitBreaker:FailureRatio must be within (0, 1].");
        }

        if (breaker.MinimumThroughput < 2)
        {
            errors.Add("Routing:CircuitBreaker:MinimumThroughput must be at least 2.");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add("Routing:CircuitBreaker:SamplingDuration and BreakDuration must be at least 500 ms.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks a set of aliases from any source; every problem is listed, each with where it is.</summary>
internal static class RouteConfigValidator
{
    /// <summary>Most deployments of one alias (the selector tracks tried deployments in one 64-bit mask).</summary>
    public const int MaxDeploymentsPerAlias = 64;

    public static void Validate(IReadOnlyList<(string Source, ModelRouteOptions Model)> models, List<string> errors, bool allowUnknownFallbacks = false)
    {
        var aliases = new HashSet<string>(StringComparer.Ordinal);
        var deployments = new HashSet<string>(StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (source, model) in models)
        {
            counters.TryGetValue(source, out var index);
            counters[source] = index + 1;
            var at = source == "Routing:Models" ? $"Routing:Models:{index}" : $"{source}: models[{index}]";
            if (string.IsNullOrWhiteSpace(model.Alias))
            {
                errors.Add($"{at}:Alias is required.");
            }
            else if (!aliases.Add(model.Alias))
            {
                errors.Add($"{at}:Alias '{model.Alias}' is defined twice.");
            }

            if (!RoutingStrategies.All.Contains(model.Strategy))
            {
                errors.Add($"{at}:Strategy '{model.Strategy}' is not one of: {string.Join(", ", RoutingStrategies.All)}.");
            }

            if (model.HedgingDelay is { } hedging && hedging <= TimeSpan.Zero)
            {
                errors.Add($"{at}:HedgingDelay must be positive.");
            }

            if (model.Deployments.Count == 0)
            {
                errors.Add($"{at}:Deployments must list at least one deployment.");
            }
            else if (model.Deployments.Count > MaxDeploymentsPerAlias)
            {
                errors.Add($"{at}:Deployments lists {model.Deployments.Count} deployments; at most {MaxDeploymentsPerAlias}.");
            }

            for (var d = 0; d < model.Deployments.Count; d++)
            {
                ValidateDeployment(model.Deployments[d], $"{at}:Deployments:{d}", deployments, errors);
            }
        }

        if (allowUnknownFallbacks)
        {
            return;
        }

        foreach (var (source, model) in models)
        {
            foreach (var target in model.Fallbacks.Concat(model.ContextWindowFallbacks).Concat(model.ContentPolicyFallbacks))
            {
                if (!aliases.Contains(target))
                {
                    errors.Add($"{source}: alias '{model.Alias}' falls back to '{target}', which is not an alias.");
                }
                else if (target == model.Alias)
                {
                    errors.Add($"{source}: alias '{model.Alias}' falls back to itself.");
                }
            }
        }
    }

    private static void ValidateDeployment(DeploymentOptions deployment, string at, HashSet<string> names, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(deployment.Name))
        {
            errors.Add($"{at}:Name is required.");
        }
        else if (!names.Add(deployment.Name))
        {
            errors.Add($"{at}:Name '{deployment.Name}' is used by another deployment.");
        }

        if (!ProviderTypes.All.Contains(deployment.Provider, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{at}:Provider '{deployment.Provider}' is not one of: {string.Join(", ", ProviderTypes.All)}.");
        }

        if (string.IsNullOrWhiteSpace(deployment.Model))
        {
            errors.Add($"{at}:Model is required.");
        }

        if (!Uri.TryCreate(deployment.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            errors.Add($"{at}:Endpoint '{deployment.Endpoint}' is not an absolute http(s) URL.");
        }

        if (deployment.ApiKeyEnv is { Length: > 0 } variable && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            errors.Add($"{at}:ApiKeyEnv names the environment variable '{variable}', which is not set.");
        }

        if (string.Equals(deployment.Provider, ProviderTypes.AzureOpenAI, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(deployment.ApiVersion))
        {
            errors.Add($"{at}:ApiVersion is required for Azure OpenAI.");
        }

        if (deployment.Weight < 0)
        {
            errors.Add($"{at}:Weight must not be negative.");
        }

        if (deployment.Rpm < 0 || deployment.Tpm < 0)
        {
            errors.Add($"{at}:Rpm and Tpm must not be negative.");
        }

        if (deployment.ContextWindow < 0)
        {
            errors.Add($"{at}:ContextWindow must not be negative.");
        }

        if (deployment.DefaultMaxOutputTokens < 1)
        {
            errors.Add($"{at}:DefaultMaxOutputTokens must be at least 1.");
        }

        if (deployment.HttpVersion is not ("1.1" or "2"))
        {
            errors.Add($"{at}:HttpVersion must be 1.1 or 2; got '{deployment.HttpVersion}'.");
        }

        if (deployment.MaxConnections < 1)
        {
            errors.Add($"{at}:MaxConnections must be at least 1.");
        }

        if (deployment.InputPricePerMillion < 0 || deployment.OutputPricePerMillion < 0
            || deployment.CachedInputPricePerMillion < 0 || deployment.CacheWritePricePerMillion < 0)
        {
            errors.Add($"{at}: prices must not be negative.");
        }

        foreach (var tag in deployment.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Contains(',', StringComparison.Ordinal))
            {
                errors.Add($"{at}:Tags: '{tag}' is empty or contains a comma.");
            }
        }
    }
}
