using System.Net;
using System.Net.Sockets;
using LlmBroker.Contracts.V1;
using LlmBroker.Routing.Internal;
using LlmBroker.Routing.Providers;
using Microsoft.Extensions.Options;

namespace LlmBroker.Routing.Tests;

/// <summary>The router's parts wired by hand (no host): catalog, health registry, invoker and request router.</summary>
internal sealed class RouterHarness : IDisposable
{
    private RouterHarness(RoutingOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Health = new DeploymentHealthRegistry(wrapped, time);
        Catalog = new DeploymentCatalog(wrapped, Health, time);
        Router = new RequestRouter(new ProviderInvoker(time), new LlmBroker.Routing.Limits.DeploymentLimits(new LlmBroker.Routing.Limits.RateLimitRegistry(new LlmBroker.Routing.Limits.InMemoryQuotaStore(), time)), wrapped, time);
    }

    public RoutingOptions Options { get; }

    public TimeProvider Time { get; }

    public DeploymentHealthRegistry Health { get; }

    public DeploymentCatalog Catalog { get; }

    public RequestRouter Router { get; }

    public static RouterHarness Create(RoutingOptions options, TimeProvider? time = null) => new(options, time ?? TimeProvider.System);

    public Task<RouteResult> RouteAsync(PromptRequest request, IStreamSink? stream = null, CancellationToken cancellationToken = default)
    {
        var table = Catalog.Current;
        var route = table.Find(request.Model) ?? throw new InvalidOperationException($"no alias {request.Model}");
        return Router.RouteAsync(table, route, request, stream, null, cancellationToken);
    }

    public void Dispose() => Catalog.Dispose();

    public static RoutingOptions Options_(params ModelRouteOptions[] models) => new()
    {
        Models = [.. models],
        MaxRetries = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(20),
    };

    public static ModelRouteOptions Alias(string alias, params DeploymentOptions[] deployments) => new()
    {
        Alias = alias,
        Deployments = [.. deployments],
    };

    public static DeploymentOptions OpenAi(string name, Uri endpoint, string? model = null, int weight = 1) => new()
    {
        Name = name,
        Provider = ProviderTypes.OpenAI,
        Model = model ?? name,
        Endpoint = endpoint.ToString(),
        ApiKey = "sk-test-key-0001",
        Weight = weight,
    };

    public static PromptRequest Request(string model, string text = "hi", bool stream = false) => new()
    {
        RequestId = Guid.CreateVersion7().ToString(),
        Tenant = "acme",
        App = "tests",
        Model = model,
        Stream = stream,
        Messages = { new ChatMessage { Role = Role.User, Content = text } },
    };

    /// <summary>An http URL on which nothing listens (the port was just released).</summary>
    public static Uri ClosedEndpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/v1");
    }

    /// <summary>Waits for <paramref name="condition"/> with a deadline (no fixed sleeps).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}

/// <summary>Records the deltas and resets of a streamed answer.</summary>
internal sealed class RecordingStreamSink : IStreamSink
{
    private readonly List<string> _events = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public ValueTask DeltaAsync(string delta, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add(delta);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add("<reset>");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The text after the last reset.</summary>
    public string FinalText()
    {
        var events = Events;
        var start = events.ToList().LastIndexOf("<reset>") + 1;
        return string.Concat(events.Skip(start));
    }
}
