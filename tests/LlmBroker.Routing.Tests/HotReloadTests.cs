using LlmBroker.FakeProvider;
using LlmBroker.Routing.Sources;
using LlmBroker.Testing.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static LlmBroker.Routing.Tests.RouterHarness;

namespace LlmBroker.Routing.Tests;

/// <summary>Routes from PostgreSQL and from a YAML file, changed while the router runs.</summary>
public sealed class HotReloadTests : IAsyncLifetime
{
    private FakeProviderServer _fake = null!;
    private PostgresTestSchema _db = null!;
    private readonly string _directory = Directory.CreateTempSubdirectory("routing-reload-").FullName;

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync();
        _db = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync("routing");
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        await _db.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private DeploymentReloadService ReloadService(RouterHarness harness, bool database) => new(
        harness.Catalog,
        Options.Create(harness.Options),
        NullLogger<DeploymentReloadService>.Instance,
        database ? new PostgresDeploymentSource(_db.DataSource) : null,
        database ? new DeploymentChangeRecorder(_db.DataSource, TimeProvider.System) : null);

    private async Task<string?> ModelCalledAsync(RouterHarness harness, string alias)
    {
        _fake.ClearRequests();
        var result = await harness.RouteAsync(Request(alias));
        Assert.True(result.Succeeded, result.Error?.Message);
        return _fake.Requests.Single().Model;
    }

    [Fact]
    public async Task Database_DeploymentChanged_NextRequestsUseItAndTheChangeIsRecorded()
    {
        await _db.ExecuteAsync($"""
            INSERT INTO route_aliases (alias, strategy) VALUES ('chat', 'least-busy');
            INSERT INTO deployments (name, alias, provider, model, endpoint, context_window, tags)
            VALUES ('chat-a', 'chat', 'openai', 'model-a', '{_fake.OpenAIEndpoint}', 8000, '{"{eu}"}');
            """);
        var options = Options_();
        options.LoadFromDatabase = true;
        options.ReloadInterval = TimeSpan.FromMilliseconds(200);
        using var harness = Create(options);
        using var reload = ReloadService(harness, database: true);
        await reload.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal("model-a", await ModelCalledAsync(harness, "chat"));
            Assert.Equal(RoutingStrategies.LeastBusy, harness.Catalog.Find("chat")!.Strategy.Name);
            Assert.Contains("eu", harness.Catalog.Find("chat")!.Deployments[0].Tags);

            await _db.ExecuteAsync("UPDATE deployments SET model = 'model-b', updated_at = now() WHERE name = 'chat-a'");

            await WaitUntilAsync(async () => await ModelCalledAsync(harness, "chat") == "model-b", TimeSpan.FromSeconds(20), "the changed deployment to be used");
            // The change is recorded after the new routes are in use: wait for the row, then check it.
            const string Recorded = "SELECT change || ':' || deployment || ':' || (before->>'model') || '->' || (after->>'model') FROM deployment_changes WHERE deployment IS NOT NULL";
            await WaitUntilAsync(async () => await _db.ScalarAsync<string>(Recorded) is not null, TimeSpan.FromSeconds(20), "the change to be recorded");
            Assert.Equal("updated:chat-a:model-a->model-b", await _db.ScalarAsync<string>(Recorded));
        }
        finally
        {
            await reload.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Database_InvalidChange_RejectedAndPreviousRoutesKept()
    {
        await _db.ExecuteAsync($"INSERT INTO deployments (name, alias, model, endpoint) VALUES ('d1', 'chat', 'model-a', '{_fake.OpenAIEndpoint}')");
        var options = Options_();
        options.LoadFromDatabase = true;
        options.ReloadInterval = TimeSpan.FromMilliseconds(200);
        using var harness = Create(options);
        using var reload = ReloadService(harness, database: true);
        await reload.StartAsync(CancellationToken.None);
        try
        {
            await _db.ExecuteAsync("UPDATE deployments SET provider = 'bedrock', model = 'model-b'");

            var (errors, _) = await reload.LoadAsync(CancellationToken.None);

            Assert.Contains(errors, e => e.Contains("Provider 'bedrock'", StringComparison.Ordinal));
            Assert.Equal("model-a", await ModelCalledAsync(harness, "chat"));
            Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM deployment_changes"));
        }
        finally
        {
            await reload.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Database_InvalidAtStart_StartFailsListingEveryError()
    {
        await _db.ExecuteAsync("""
            INSERT INTO route_aliases (alias, strategy, fallbacks) VALUES ('chat', 'fastest', '{nowhere}');
            INSERT INTO deployments (name, alias, provider, model, endpoint) VALUES ('d1', 'chat', 'openai', '', 'ftp://x');
            """);
        var options = Options_();
        options.LoadFromDatabase = true;
        using var harness = Create(options);
        using var reload = ReloadService(harness, database: true);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => reload.StartAsync(CancellationToken.None));

        Assert.Equal(4, error.Failures.Count());
        Assert.All(error.Failures, f => Assert.Contains("database", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task File_Changed_NextRequestsUseIt()
    {
        var path = Path.Combine(_directory, "deployments.yaml");
        await File.WriteAllTextAsync(path, FileWith("model-a"));
        var options = Options_();
        options.DeploymentsFile = path;
        options.ReloadInterval = TimeSpan.FromSeconds(1);
        using var harness = Create(options);
        using var reload = ReloadService(harness, database: false);
        await reload.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal("model-a", await ModelCalledAsync(harness, "chat"));

            await File.WriteAllTextAsync(path, FileWith("model-b"));

            await WaitUntilAsync(async () => await ModelCalledAsync(harness, "chat") == "model-b", TimeSpan.FromSeconds(20), "the file change to apply");
        }
        finally
        {
            await reload.StopAsync(CancellationToken.None);
        }
    }

    private string FileWith(string model) => $"""
        models:
          - alias: chat
            deployments:
              - name: file-deployment
                model: {model}
                endpoint: {_fake.OpenAIEndpoint}
        """;
}
