using System.Text.RegularExpressions;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Governance;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Cli.Tests;

/// <summary><c>llmbroker admin apps|keys|templates</c> against a real PostgreSQL schema.</summary>
public sealed partial class AdminCommandTests : IAsyncLifetime, IDisposable
{
    private readonly CliHarness _cli = new();
    private PostgresTestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        _schema = await (await PostgresEnvironment.GetAsync()).CreateTestSchemaAsync("cliadmin");
        _cli.Environment[CliEnvironment.PostgresConnectionString] = _schema.ConnectionString;
        _cli.Environment[CliEnvironment.PostgresSchema] = _schema.Name;
        _cli.Environment["Authentication__MasterKey"] = KeyMaterial.NewSecretBase64();
        _cli.Environment["Authentication__KeyPepper"] = KeyMaterial.NewSecretBase64();
    }

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task AppsAndKeys_CreateListRotateRevoke_KeyShownOnceAndListedByIdAndLastFour()
    {
        Assert.Equal(0, await _cli.RunAsync("admin", "apps", "add", "acme", "web", "--models", "gpt-4o-mini", "--lanes", "interactive", "--rpm", "600", "--budget-hard", "150", "--tag", "team=search"));
        Assert.Equal(0, await _cli.RunAsync("admin", "apps", "update", "acme", "web", "--tpm", "90000"));
        var created = await RunAndCaptureAsync("admin", "keys", "create", "acme", "web", "--expires-in", "90d");
        var apiKey = ApiKeyLine().Match(created).Groups[1].Value;
        var keyId = KeyIdLine().Match(created).Groups[1].Value;
        var listed = await RunAndCaptureAsync("admin", "keys", "list", "--tenant", "acme");
        var rotated = await RunAndCaptureAsync("admin", "keys", "rotate", keyId, "--grace", "1h");
        Assert.Equal(0, await _cli.RunAsync("admin", "keys", "revoke", keyId));
        var afterRevoke = await RunAndCaptureAsync("admin", "keys", "list");
        var shown = await RunAndCaptureAsync("admin", "apps", "show", "acme", "web");

        Assert.StartsWith(KeyMaterial.ApiKeyPrefix, apiKey, StringComparison.Ordinal);
        Assert.Contains($"{keyId} (…{apiKey[^4..]})", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(apiKey, listed, StringComparison.Ordinal);
        Assert.Contains("active", listed, StringComparison.Ordinal);
        Assert.Matches(ApiKeyLine(), rotated);
        Assert.Contains("revoked", afterRevoke, StringComparison.Ordinal);
        Assert.Equal(2L, await _schema.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
        Assert.Contains("90000", shown, StringComparison.Ordinal);
        Assert.Contains("team=search", shown, StringComparison.Ordinal);
        Assert.Equal(apiKey[^4..], await _schema.ScalarAsync<string>($"SELECT last_four FROM api_keys WHERE key_id = '{keyId}'"));
    }

    [Fact]
    public async Task Templates_AddLabelList_VersionsAndLabelsShown()
    {
        Assert.Equal(0, await _cli.RunAsync("admin", "templates", "add", "greet", "--user", "Hello {{ name }}", "--label", "production"));
        Assert.Equal(0, await _cli.RunAsync("admin", "templates", "add", "greet", "--system", "Be brief.", "--user", "Hi {{ name }}"));
        Assert.Equal(0, await _cli.RunAsync("admin", "templates", "label", "greet", "2", "staging"));
        var listed = await RunAndCaptureAsync("admin", "templates", "list");

        Assert.Matches(@"greet\s*│\s*1\s*│\s*production", listed);
        Assert.Matches(@"greet\s*│\s*2\s*│\s*staging", listed);
    }

    [Fact]
    public async Task Templates_AddInvalidLiquid_FailsWithReasonAndStoresNothing()
    {
        var exitCode = await _cli.RunAsync("admin", "templates", "add", "broken", "--user", "Hi {{ name");

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.StartsWith("error: messages[0].content:", _cli.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await _schema.ScalarAsync<long>("SELECT count(*) FROM prompt_templates"));
    }

    [Fact]
    public async Task AppsAdd_UnknownLaneAndBadTag_UsageErrorListingBoth()
    {
        var exitCode = await _cli.RunAsync("admin", "apps", "add", "acme", "bad", "--lanes", "nightly", "--tag", "oops");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("error: --lanes: 'nightly' is not interactive or batch; --tag 'oops' is not KEY=VALUE\n", _cli.Error);
    }

    private async Task<string> RunAndCaptureAsync(params string[] args)
    {
        var before = _cli.Output.Length;
        Assert.Equal(0, await _cli.RunAsync(args));
        return _cli.Output[before..];
    }

    [GeneratedRegex(@"api key: (lbk_[A-Za-z0-9_-]+)")]
    private static partial Regex ApiKeyLine();

    [GeneratedRegex(@"key id:  (key_[0-9a-f]+)")]
    private static partial Regex KeyIdLine();
}
