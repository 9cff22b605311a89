using LlmBroker.Cli.Commands;
using LlmBroker.Cli.Commands.Admin;
using LlmBroker.Cli.Demo;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Stack;
using LlmBroker.Client;
using LlmBroker.Contracts.V1;
using LlmBroker.Governance;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Cli.Tests;

/// <summary>
/// The embedded stack of <c>llmbroker dev</c> with authentication on (its default): real mock Kafka,
/// fake provider, every stage and the real local PostgreSQL.
/// </summary>
public sealed class DevStackAuthenticationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task DevStack_AuthenticationOn_SignedRequestAnsweredUnsignedRejectedAndKeyShownOnceInBanner()
    {
        var postgres = await PostgresEnvironment.GetAsync();
        var schema = $"t_cli_devauth_{Guid.NewGuid():N}"[..24];
        var options = new EmbeddedStackOptions
        {
            Postgres = new PostgresConnection(postgres.ConnectionString, schema),
            Authentication = new StackAuthentication
            {
                KeyMaterial = StackKeyMaterial.Development,
                Tenant = DevCommand.DevTenant,
                Apps = [DevCommand.DevApp],
            },
        };
        try
        {
            await using var stack = await EmbeddedStack.StartAsync(options, CancellationToken.None);
            var key = stack.Keys[DevCommand.DevApp];

            var banner = DevCommand.Banner(stack, options);
            Assert.Equal(2, banner.Split(key.ApiKey).Length);
            Assert.Contains($"export LlmBroker__KeyId={key.KeyId}", banner);
            Assert.Contains($"export LlmBroker__ApiKey={key.ApiKey}", banner);
            Assert.Contains("export LlmBroker__Tenant=dev LlmBroker__App=dev", banner);
            Assert.Contains("auth      signed requests only (app dev of tenant dev; development master key and pepper", banner);

            var signed = new LlmBrokerClientOptions
            {
                BootstrapServers = stack.BootstrapServers, Tenant = DevCommand.DevTenant, App = DevCommand.DevApp, KeyId = key.KeyId, ApiKey = key.ApiKey,
            };
            await using (var client = new LlmBrokerClient(signed))
            {
                var answered = await client.SubmitAndWaitAsync(Hello("signed"), s_timeout);
                Assert.Equal(ResultStatus.Ok, answered.Status);
                Assert.Equal("echo: Hello, broker! signed", answered.Output);
            }

            var unsigned = new LlmBrokerClientOptions { BootstrapServers = stack.BootstrapServers, Tenant = DevCommand.DevTenant, App = DevCommand.DevApp };
            await using (var client = new LlmBrokerClient(unsigned))
            {
                var refused = await client.SubmitAndWaitAsync(Hello("unsigned"), s_timeout);
                Assert.Equal(ResultStatus.Rejected, refused.Status);
                Assert.Equal(ErrorCodes.Unauthenticated, refused.Error.Code);
                Assert.Equal("unsigned: the request is not signed", refused.Error.Message);
                Assert.Equal("", refused.Output);
            }

            // A key of another app does not pass for this one.
            var otherApp = new LlmBrokerClientOptions
            {
                BootstrapServers = stack.BootstrapServers, Tenant = DevCommand.DevTenant, App = "someone-else", KeyId = key.KeyId, ApiKey = key.ApiKey,
            };
            await using (var client = new LlmBrokerClient(otherApp))
            {
                var refused = await client.SubmitAndWaitAsync(Hello("other"), s_timeout);
                Assert.Equal(ResultStatus.Rejected, refused.Status);
                Assert.StartsWith("unknown_app: ", refused.Error.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            await postgres.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public void StackKeyMaterial_NothingConfigured_DevelopmentDefaultsMarkedAsSuch()
    {
        var material = StackKeyMaterial.Resolve(CliEnvironment.Empty, out var error);

        Assert.Null(error);
        Assert.NotNull(material);
        Assert.True(material.IsDevelopmentDefault);
        Assert.Equal(DevelopmentKeys.MasterKey, material.MasterKey);
        Assert.Contains("development master key and pepper", material.Describe());
        Assert.DoesNotContain(material.MasterKey, material.Describe());
    }

    [Fact]
    public void StackKeyMaterial_Configured_UsedAndNeverDescribedByValue()
    {
        var master = KeyMaterial.NewSecretBase64();
        var environment = new CliEnvironment(new Dictionary<string, string>
        {
            [AdminStore.MasterKeyVariable] = master, [AdminStore.PepperVariable] = KeyMaterial.NewSecretBase64(), [AdminStore.MasterKeyIdVariable] = "m7",
        });

        var material = StackKeyMaterial.Resolve(environment, out var error);

        Assert.Null(error);
        Assert.NotNull(material);
        Assert.False(material.IsDevelopmentDefault);
        Assert.Equal(master, material.MasterKey);
        Assert.Equal("m7", material.MasterKeyId);
        Assert.DoesNotContain(master, material.Describe());
    }

    [Theory]
    [InlineData("onlymaster", "set both Authentication__MasterKey and Authentication__KeyPepper")]
    [InlineData("badmaster", "The master key must be the base64 of 32 bytes")]
    public void StackKeyMaterial_HalfOrBadConfiguration_ClearError(string case_, string expected)
    {
        var variables = new Dictionary<string, string> { [AdminStore.MasterKeyVariable] = case_ == "badmaster" ? "not-base64!" : KeyMaterial.NewSecretBase64() };
        if (case_ == "badmaster")
        {
            variables[AdminStore.PepperVariable] = KeyMaterial.NewSecretBase64();
        }

        var material = StackKeyMaterial.Resolve(new CliEnvironment(variables), out var error);

        Assert.Null(material);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_HalfConfiguredKeyMaterial_RefusedAtStartWithTheReason()
    {
        using var cli = new CliHarness();
        cli.Environment[AdminStore.PepperVariable] = KeyMaterial.NewSecretBase64();

        var exitCode = await cli.RunAsync("dev", "--pg", "Host=127.0.0.1;Port=1;Username=x");

        Assert.NotEqual(ExitCodes.Ok, exitCode);
        Assert.Contains("set both Authentication__MasterKey and Authentication__KeyPepper", cli.Error + cli.Output);
    }

    [Fact]
    public void AuthLine_Keys_NamesKeyIdsPerAppNeverTheKeys()
    {
        var keys = new Dictionary<string, CreatedApiKey>
        {
            ["support-bot"] = new("key_00000000000000a1", "lbk_secret-one", "demo", "support-bot", null),
            ["search"] = new("key_00000000000000b2", "lbk_secret-two", "demo", "search", null),
        };
        Result[] results = [new() { Status = ResultStatus.Ok }, new() { Status = ResultStatus.Rejected }];

        var line = DemoReport.AuthLine(keys, developmentKeyMaterial: true, results);

        Assert.Equal(
            "auth: requests signed with one key per app: support-bot key_00000000000000a1, search key_00000000000000b2; 1 rejected (development master key and pepper)",
            line);
        Assert.DoesNotContain("lbk_", line);
    }

    private static PromptRequest Hello(string tag)
    {
        var request = new PromptRequest { Model = "gpt-4o-mini" };
        request.Messages.Add(new ChatMessage { Role = Role.User, Content = $"Hello, broker! {tag}" });
        return request;
    }
}
