using LlmBroker.Cli.Infrastructure;

namespace LlmBroker.Cli.Tests;

/// <summary>Argument errors of the commands that work on PostgreSQL; none of them connects.</summary>
public sealed class PostgresCommandArgumentTests : IDisposable
{
    private const string SchemaRule =
        "must be a plain lower-case PostgreSQL identifier (a-z, 0-9 and _, not starting with a digit, at most 63 characters)";

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("migrate")]
    [InlineData("costs")]
    public async Task Command_NoConnectionStringAnywhere_ExitsTwoWithMessage(string command)
    {
        var exitCode = await _cli.RunAsync(command);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("error: no PostgreSQL connection string: pass --pg or set Postgres__ConnectionString\n", _cli.Error);
        Assert.Equal("", _cli.Output);
    }

    [Theory]
    [InlineData("migrate", "--schema", "Bad-Name", $"error: --schema {SchemaRule}; got 'Bad-Name'")]
    [InlineData("migrate", "--schema", "1st", $"error: --schema {SchemaRule}; got '1st'")]
    [InlineData("costs", "--since", "soon", "error: --since must be a duration between 1ms and 3660d such as 24h, 7d or 30d; got 'soon'")]
    [InlineData("costs", "--since", "0s", "error: --since must be a duration between 1ms and 3660d such as 24h, 7d or 30d; got '0s'")]
    [InlineData("costs", "--format", "xml", "error: --format must be table, csv or json; got 'xml'")]
    [InlineData("costs", "--tenant", " ", "error: --tenant must not be empty")]
    [InlineData("dev", "--bootstrap", "", "error: --bootstrap must not be empty")]
    [InlineData("dev", "--schema", "x;drop", $"error: --schema {SchemaRule}; got 'x;drop'")]
    [InlineData("demo", "--requests", "2", "error: --requests must be between 3 and 20000; got 2")]
    [InlineData("demo", "--requests", "20001", "error: --requests must be between 3 and 20000; got 20001")]
    [InlineData("demo", "--schema", "Demo", $"error: --schema {SchemaRule}; got 'Demo'")]
    public async Task Command_BadOptionValue_ExitsTwoWithMessage(string command, string option, string value, string expected)
    {
        _cli.Environment[CliEnvironment.PostgresConnectionString] = "Host=127.0.0.1;Port=1;Database=none";

        var exitCode = await _cli.RunAsync(command, option, value);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal(expected + "\n", _cli.Error);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("costs")]
    [InlineData("dev")]
    [InlineData("demo")]
    public async Task Command_MalformedConnectionStringOption_ExitsTwoWithMessage(string command)
    {
        var exitCode = await _cli.RunAsync(command, "--pg", "Hostname=db;Colour=blue");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: --pg is not a valid connection string: ", _cli.Error);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("costs")]
    [InlineData("dev")]
    [InlineData("demo")]
    public async Task Command_MalformedConnectionStringVariable_ExitsTwoNamingTheVariable(string command)
    {
        _cli.Environment[CliEnvironment.PostgresConnectionString] = "Colour=blue";

        var exitCode = await _cli.RunAsync(command);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: Postgres__ConnectionString is not a valid connection string: ", _cli.Error);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("costs")]
    public async Task Command_BadSchemaVariable_ExitsTwoNamingTheVariable(string command)
    {
        _cli.Environment[CliEnvironment.PostgresConnectionString] = "Host=127.0.0.1;Port=1;Database=none";
        _cli.Environment[CliEnvironment.PostgresSchema] = "My Schema";

        var exitCode = await _cli.RunAsync(command);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal($"error: Postgres__Schema {SchemaRule}; got 'My Schema'\n", _cli.Error);
    }

    [Fact]
    public async Task Dev_LlmEndpointNotAUrl_ExitsTwoWithMessage()
    {
        _cli.Environment[CliEnvironment.LlmEndpoint] = "localhost:11434";

        var exitCode = await _cli.RunAsync("dev", "--pg", "Host=127.0.0.1;Port=1;Database=none");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Equal("error: LLM_ENDPOINT must be an absolute http(s) URL such as http://127.0.0.1:11434/v1; got 'localhost:11434'\n", _cli.Error);
    }

    [Fact]
    public async Task Demo_NonNumericRequests_ExitsTwo()
    {
        var exitCode = await _cli.RunAsync("demo", "--requests", "many");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.StartsWith("error: ", _cli.Error);
    }
}
