using System.ComponentModel.DataAnnotations;

namespace LlmBroker.Storage.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void PostgresOptions_Defaults_RequireOnlyConnectionString()
    {
        var errors = Validate(new PostgresOptions());

        var error = Assert.Single(errors);
        Assert.Contains(nameof(PostgresOptions.ConnectionString), error.MemberNames);
        Assert.Equal("llmbroker", new PostgresOptions().Schema);
    }

    [Theory]
    [InlineData("llmbroker", true)]
    [InlineData("_tenant_1", true)]
    [InlineData("LlmBroker", false)]
    [InlineData("9lives", false)]
    [InlineData("a-b", false)]
    [InlineData("x;drop", false)]
    public void PostgresOptions_Schema_MustBePlainIdentifier(string schema, bool valid)
    {
        var errors = Validate(new PostgresOptions { ConnectionString = "Host=127.0.0.1", Schema = schema });

        Assert.Equal(valid, errors.Count == 0);
    }

    [Fact]
    public void ResponseCacheOptions_TimeToLiveOutOfRange_IsInvalid()
    {
        Assert.Empty(Validate(new ResponseCacheOptions()));
        Assert.Single(Validate(new ResponseCacheOptions { TimeToLive = TimeSpan.Zero }));
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
