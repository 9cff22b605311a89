using LlmBroker.Contracts.V1;

namespace LlmBroker.Validation;

/// <summary>The checks run on one answer and those that failed.</summary>
public sealed record ValidationReport(IReadOnlyList<string> ChecksRun, IReadOnlyList<string> ChecksFailed, string? Error)
{
    /// <summary>No check ran.</summary>
    public static ValidationReport None { get; } = new([], [], null);

    /// <summary>True when every check passed.</summary>
    public bool Passed => ChecksFailed.Count == 0;

    /// <summary>One line per problem found (<c>check: reason</c>), free of PII: they quote the redacted answer only.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>False when re-asking the model cannot help (the request's own rules are invalid).</summary>
    public bool Repairable { get; init; } = true;
}

/// <summary>Checks a provider answer before it becomes a result.</summary>
public interface IOutputValidator
{
    /// <summary>Validates a successful answer.</summary>
    ValidationReport Validate(ProviderResponse response);
}

/// <summary>Puts the original PII values back into a client-facing answer.</summary>
public interface IPiiRestorer
{
    /// <summary>The output with placeholders replaced by the values of the request's mapping.</summary>
    string Restore(string output, RedactedRequest request);
}

/// <summary>No checks.</summary>
internal sealed class NoOutputValidator : IOutputValidator
{
    public ValidationReport Validate(ProviderResponse response) => ValidationReport.None;
}
