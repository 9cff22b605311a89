using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Internal;

/// <summary>Checks the routing configuration and reports every problem at once.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    private static readonly string[] s_providers = [ProviderTypes.OpenAI];

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        if (options.Models.Count == 0)
        {
            errors.Add("Routing:Models must name at least one model alias.");
        }

        var aliases = new HashSet<string>(StringComparer.Ordinal);
        var deployments = new HashSet<string>(StringComparer.Ordinal);
        for (var m = 0; m < options.Models.Count; m++)
        {
            var model = options.Models[m];
            var at = $"Routing:Models:{m}";
            if (string.IsNullOrWhiteSpace(model.Alias))
            {
                errors.Add($"{at}:Alias is required.");
            }
            else if (!aliases.Add(model.Alias))
            {
                errors.Add($"{at}:Alias '{model.Alias}' is defined twice.");
            }

            if (model.Deployments.Count == 0)
            {
                errors.Add($"{at}:Deployments must list at least one deployment.");
            }

            for (var d = 0; d < model.Deployments.Count; d++)
            {
                var deployment = model.Deployments[d];
                var dat = $"{at}:Deployments:{d}";
                if (string.IsNullOrWhiteSpace(deployment.Name))
                {
                    errors.Add($"{dat}:Name is required.");
                }
                else if (!deployments.Add(deployment.Name))
                {
                    errors.Add($"{dat}:Name '{deployment.Name}' is used by another deployment.");
                }

                if (!s_providers.Contains(deployment.Provider, StringComparer.OrdinalIgnoreCase))
                {
                    errors.Add($"{dat}:Provider '{deployment.Provider}' is not one of: {string.Join(", ", s_providers)}.");
                }

                if (string.IsNullOrWhiteSpace(deployment.Model))
                {
                    errors.Add($"{dat}:Model is required.");
                }

                if (!Uri.TryCreate(deployment.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{dat}:Endpoint '{deployment.Endpoint}' is not an absolute http(s) URL.");
                }

                if (deployment.ApiKeyEnv is { Length: > 0 } variable && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
                {
                    errors.Add($"{dat}:ApiKeyEnv names the environment variable '{variable}', which is not set.");
                }

                if (deployment.MaxConnections < 1)
                {
                    errors.Add($"{dat}:MaxConnections must be at least 1.");
                }

                if (deployment.InputPricePerMillion < 0 || deployment.OutputPricePerMillion < 0 || deployment.CachedInputPricePerMillion < 0)
                {
                    errors.Add($"{dat}: prices must not be negative.");
                }
            }
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            errors.Add("Routing:AttemptTimeout must be positive.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            errors.Add("Routing:MaxRetries must be between 0 and 20.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            errors.Add("Routing:RetryBaseDelay must be non-negative and not above Routing:MaxRetryDelay.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
