using LlmBroker.Validation.Internal;

namespace LlmBroker.Validation.Tests;

public sealed class ValidationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() =>
        Assert.True(new ValidationOptionsValidator().Validate(null, new ValidationOptions()).Succeeded);

    [Fact]
    public void Validate_SeveralProblems_EveryOneListed()
    {
        var options = new ValidationOptions
        {
            MaxRepairAttempts = -1,
            MaxRepairCostUsd = -2,
            Default = new OutputRuleOptions { MaxLength = 0, RequiredPatterns = ["(open"] },
        };
        options.Apps["billing"] = new OutputRuleOptions { ExpectedLanguage = "klingon", BannedTerms = [" "] };

        var result = new ValidationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Validation:MaxRepairAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Validation:MaxRepairCostUsd", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Validation:Default:MaxLength", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Validation:Default:RequiredPatterns:0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Validation:Apps:billing:ExpectedLanguage", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Validation:Apps:billing:BannedTerms:0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0, 100, true)] // first answer rejected, budget for one more of the same cost
    [InlineData(2, 0, 100, false)] // no repairs left
    [InlineData(1, 60, 50, false)] // 60 spent on repairs + 50 estimated > 100
    [InlineData(1, 50, 50, true)] // exactly at the cap
    public void ShouldRepair_AttemptsAndCostCap(int attempt, long spentNano, long lastNano, bool expected)
    {
        var options = new ValidationOptions { MaxRepairAttempts = 2, MaxRepairCostUsd = 100m / 1_000_000_000m };

        Assert.Equal(expected, RepairPolicy.ShouldRepair(options, attempt, spentNano, lastNano));
    }
}
