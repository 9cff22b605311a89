using System.Security.Cryptography;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Storage;
using LlmBroker.Storage.Secrets;
using LlmBroker.Testing.Postgres;

namespace LlmBroker.Cli.Tests;

/// <summary><c>admin credentials</c> against the real local PostgreSQL.</summary>
public sealed class CredentialsCommandTests
{
    [Fact]
    public async Task AddRotateListRevoke_KeyNeverPrintedAndStoredEncrypted()
    {
        var postgres = await PostgresEnvironment.GetAsync();
        var schema = $"t_cli_cred_{Guid.NewGuid():N}"[..24];
        var first = "sk-cli-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var second = "sk-cli-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        using var cli = new CliHarness();
        cli.Environment.Clear();
        cli.Environment[CliEnvironment.PostgresConnectionString] = postgres.ConnectionString;
        cli.Environment[CliEnvironment.PostgresSchema] = schema;
        cli.Environment[MasterKeyOptions.EnvironmentVariable] = "m1:" + MasterKeyRing.NewKey();
        cli.Environment["FIRST_KEY"] = first;
        var keyFile = cli.WriteFile("second.key", second);
        try
        {
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("migrate"));
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("admin", "credentials", "add", "--deployment", "openai-east", "--key-env", "FIRST_KEY"));
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("admin", "credentials", "rotate", "--deployment", "openai-east", "--key-file", keyFile));
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("admin", "credentials", "list"));
            Assert.Equal(ExitCodes.Ok, await cli.RunAsync("admin", "credentials", "revoke", "2"));
            Assert.Equal(ExitCodes.Failed, await cli.RunAsync("admin", "credentials", "revoke", "2"));

            Assert.Contains($"added key #1 (…{first[^4..]}) to openai-east, encrypted with master key m1", cli.Output, StringComparison.Ordinal);
            Assert.Contains($"rotated openai-east: key #2 (…{second[^4..]}) active, 1 key(s) retired", cli.Output, StringComparison.Ordinal);
            Assert.Contains("retired", cli.Output, StringComparison.Ordinal);
            Assert.Contains("revoked key #2", cli.Output, StringComparison.Ordinal);
            Assert.Contains("error: no usable key #2", cli.Error, StringComparison.Ordinal);
            foreach (var key in new[] { first, second })
            {
                Assert.DoesNotContain(key, cli.Output + cli.Error, StringComparison.Ordinal);
            }

            await using var data = postgres.CreateDataSource(schema);
            await using var dump = data.CreateCommand("SELECT string_agg(t::text, ' ') FROM provider_credentials t");
            var rows = (string)(await dump.ExecuteScalarAsync())!;
            Assert.DoesNotContain(first, rows, StringComparison.Ordinal);
            Assert.DoesNotContain(second, rows, StringComparison.Ordinal);
        }
        finally
        {
            await using var data = postgres.CreateDataSource("public");
            await using var drop = data.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Add_KeyOnTheCommandLineOrNoMasterKey_RefusedWithTheReason()
    {
        using var cli = new CliHarness();
        cli.Environment[CliEnvironment.PostgresConnectionString] = "Host=127.0.0.1;Port=1;Database=none";

        Assert.Equal(ExitCodes.Usage, await cli.RunAsync("admin", "credentials", "add", "--deployment", "d"));
        Assert.Contains("exactly one of --key-env or --key-file (never on the command line)", cli.Error, StringComparison.Ordinal);

        cli.Environment["K"] = "sk-whatever-1234";
        Assert.Equal(ExitCodes.Failed, await cli.RunAsync("admin", "credentials", "add", "--deployment", "d", "--key-env", "K"));
        Assert.Contains("no master key configured", cli.Error, StringComparison.Ordinal);
    }
}
