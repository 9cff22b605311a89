using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// Finds nothing. For hosts that run the pipeline without recognizers (transport benchmarks, the
/// development stack until recognizers are registered); never the detector of a production redactor.
/// </summary>
public sealed class NullPiiDetector : IPiiDetector
{
    /// <summary>The shared instance.</summary>
    public static NullPiiDetector Instance { get; } = new();

    /// <inheritdoc/>
    public IReadOnlyList<PiiMatch> Detect(string text) => [];
}
