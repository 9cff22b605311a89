using LlmBroker.Routing.Internal;
using LlmBroker.Routing.Selection;
using LlmBroker.Routing.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Providers;

/// <summary>
/// Model aliases resolved to their deployments. The current <see cref="RouteTable"/> is an immutable
/// snapshot read without locks; <see cref="Apply"/> validates a new set of aliases (from configuration,
/// the deployments file and the database) and swaps the snapshot, keeping the chat clients of unchanged
/// deployments and the health of every deployment by name.
/// </summary>
internal sealed partial class DeploymentCatalog : IDisposable
{
    private readonly RoutingOptions _options;
    private readonly DeploymentHealthRegistry _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _applyGate = new();
    private readonly List<(DateTimeOffset At, ProviderDeployment Deployment)> _retired = [];
    private Dictionary<string, (string Source, ModelRouteOptions Model)> _applied = new(StringComparer.Ordinal);
    private Dictionary<string, (string Fingerprint, ProviderDeployment Deployment)> _deployments = new(StringComparer.Ordinal);
    private volatile RouteTable _table = RouteTable.Empty;

    private readonly IProviderCredentials? _credentials;

    public DeploymentCatalog(
        IOptions<RoutingOptions> options,
        DeploymentHealthRegistry health,
        TimeProvider time,
        IProviderCredentials? credentials = null,
        ILogger<DeploymentCatalog>? logger = null)
    {
        _credentials = credentials;
        _options = options.Value;
        _health = health;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        // Configuration and file now (both were validated at start); the database when the reload service starts.
        var errors = new List<string>();
        var models = StaticModels(errors);
        if (errors.Count == 0 && (models.Count > 0 || !_options.LoadFromDatabase))
        {
            errors = Apply(models, out _);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(RoutingOptions.SectionName, typeof(RoutingOptions), errors);
        }
    }

    /// <summary>The routes in force.</summary>
    public RouteTable Current => _table;

    public RoutingOptions Options => _options;

    /// <summary>The alias's route, or null for an unknown alias.</summary>
    public AliasRoute? Find(string alias) => _table.Find(alias);

    public IEnumerable<string> Aliases => _table.Aliases.Keys;

    /// <summary>The aliases of configuration and of the deployments file (errors of the file are added).</summary>
    public List<(string Source, ModelRouteOptions Model)> StaticModels(List<string> errors)
    {
        var models = new List<(string Source, ModelRouteOptions Model)>();
        foreach (var model in _options.Models)
        {
            models.Add(("Routing:Models", model));
        }

        if (_options.DeploymentsFile is { Length: > 0 } file)
        {
            foreach (var model in YamlDeploymentsFile.TryLoad(file, errors))
            {
                models.Add((file, model));
            }
        }

        return models;
    }

    /// <summary>
    /// Validates <paramref name="models"/> and, when valid, makes them the routes in force; returns every
    /// problem (nothing applied) or an empty list, with the changes against the previous routes.
    /// </summary>
    public List<string> Apply(IReadOnlyList<(string Source, ModelRouteOptions Model)> models, out List<DeploymentChange> changes)
    {
        var errors = new List<string>();
        changes = [];
        RouteConfigValidator.Validate(models, errors);
        if (models.Count == 0)
        {
            errors.Add("no model alias is configured (Routing:Models, Routing:DeploymentsFile or the deployments table).");
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        lock (_applyGate)
        {
            var applied = new Dictionary<string, (string Source, ModelRouteOptions Model)>(StringComparer.Ordinal);
            var deployments = new Dictionary<string, (string Fingerprint, ProviderDeployment Deployment)>(StringComparer.Ordinal);
            var aliases = new Dictionary<string, AliasRoute>(StringComparer.Ordinal);
            foreach (var (source, model) in models)
            {
                applied[model.Alias] = (source, model);
                var built = new ProviderDeployment[model.Deployments.Count];
                for (var i = 0; i < built.Length; i++)
                {
                    var options = model.Deployments[i];
                    var fingerprint = RouteDiff.Describe(options) + "\n" + options.ApiKey;
                    if (!_deployments.TryGetValue(options.Name, out var existing) || existing.Fingerprint != fingerprint)
                    {
                        existing = (fingerprint, new ProviderDeployment(options, ChatClientFactory.Create(options, _options.AttemptTimeout, _credentials), _health.Get(options.Name)));
                    }

                    deployments[options.Name] = existing;
                    built[i] = existing.Deployment;
                }

                aliases[model.Alias] = new AliasRoute(model, built, RoutingStrategyFactory.Create(model.Strategy));
            }

            changes = RouteDiff.Compare(_applied, applied);
            DisposeRetiredClients();
            foreach (var (name, (_, deployment)) in _deployments)
            {
                if (!deployments.TryGetValue(name, out var kept) || !ReferenceEquals(kept.Deployment, deployment))
                {
                    // Calls in flight may still use the old client: it is disposed once they must have ended.
                    _retired.Add((_time.GetUtcNow(), deployment));
                }
            }

            _applied = applied;
            _deployments = deployments;
            _table = new RouteTable(aliases);
        }

        foreach (var change in changes)
        {
            LogChange(_logger, change.Change, change.Alias, change.Deployment ?? "", change.Source);
        }

        return errors;
    }

    private void DisposeRetiredClients()
    {
        var longestCall = (_options.AttemptTimeout + _options.MaxRetryDelay) * (_options.MaxRetries + 1);
        var now = _time.GetUtcNow();
        _retired.RemoveAll(retired =>
        {
            if (now - retired.At < longestCall)
            {
                return false;
            }

            retired.Deployment.Dispose();
            return true;
        });
    }

    public void Dispose()
    {
        lock (_applyGate)
        {
            foreach (var (_, deployment) in _deployments.Values)
            {
                deployment.Dispose();
            }

            foreach (var (_, deployment) in _retired)
            {
                deployment.Dispose();
            }
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Route {Change}: alias {Alias} deployment {Deployment} ({Source})")]
    private static partial void LogChange(ILogger logger, string change, string alias, string deployment, string source);
}
