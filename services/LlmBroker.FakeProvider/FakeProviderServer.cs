using System.Net;
using LlmBroker.FakeProvider.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmBroker.FakeProvider;

/// <summary>
/// An HTTP server on 127.0.0.1 that speaks the OpenAI, Azure OpenAI and Anthropic wire formats with
/// deterministic answers and programmable latency and failures.
/// </summary>
/// <example>
/// <code>
/// await using var fake = await FakeProviderServer.StartAsync();
/// var client = new OpenAIClient(new ApiKeyCredential("k"), new OpenAIClientOptions { Endpoint = fake.OpenAIEndpoint });
/// fake.Behavior.FailNext(FakeFailureKind.RateLimited);
/// </code>
/// </example>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestLog _log;
    private readonly StatsCounter _stats;

    private FakeProviderServer(WebApplication app, Uri baseAddress, FakeBehavior behavior, RequestLog log, StatsCounter stats)
    {
        _app = app;
        _log = log;
        _stats = stats;
        BaseAddress = baseAddress;
        Behavior = behavior;
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:54321/</c>. Also what Anthropic's <c>BaseUrl</c> and an Azure OpenAI endpoint take.</summary>
    public Uri BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/> + <c>v1</c>: what <c>OpenAIClientOptions.Endpoint</c> takes.</summary>
    public Uri OpenAIEndpoint => new(BaseAddress, "v1");

    /// <summary>The programmable behaviour; changes apply to the next requests.</summary>
    public FakeBehavior Behavior { get; }

    /// <summary>Snapshot of the received-request log, oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _log.Snapshot();

    /// <summary>Snapshot of the counters.</summary>
    public FakeProviderStats Stats => _stats.Snapshot();

    /// <summary>Starts a server and returns once it accepts connections.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static async Task<FakeProviderServer> StartAsync(FakeProviderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeProviderOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid fake provider options: " + string.Join("; ", errors), nameof(options));
        }

        // The empty builder brings no configuration sources, logging or console lifetime: the fake stays
        // quiet and never reacts to the host process's Ctrl+C by itself.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // Thousands of callers connect at once in load tests: a short accept backlog drops their SYNs
        // and each retry costs a second (the kernel caps this at net.core.somaxconn).
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>(o => o.Backlog = 65_535);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxConcurrentUpgradedConnections = null;
            // Under benchmark overload a starved client must not be cut off by data-rate limits.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(options.BindAddress, options.Port, listen => listen.Protocols = options.Http2 ? HttpProtocols.Http2 : HttpProtocols.Http1);
        });

        var app = builder.Build();
        var behavior = new FakeBehavior(options);
        var log = new RequestLog(options.MaxLoggedRequests);
        var stats = new StatsCounter();
        var chat = new ChatEndpoint(behavior, log, stats, options, app.Lifetime.ApplicationStopping);

        app.MapPost("/v1/chat/completions", context => chat.ChatAsync(context, OpenAIDialect.Instance));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", context => chat.ChatAsync(context, OpenAIDialect.Instance));
        app.MapPost("/v1/messages", context => chat.ChatAsync(context, AnthropicDialect.Instance));
        app.MapGet("/v1/models", chat.ModelsAsync);
        AdminEndpoints.Map(app, behavior, log, stats);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new FakeProviderServer(app, new Uri(address.TrimEnd('/') + "/"), behavior, log, stats);
    }

    /// <summary>Empties the received-request log.</summary>
    public void ClearRequests() => _log.Clear();

    /// <summary>Zeroes the counters (in-flight requests stay counted).</summary>
    public void ResetStats() => _stats.Reset();

    /// <summary>Stops the server; hanging (timeout) requests are released at once.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
