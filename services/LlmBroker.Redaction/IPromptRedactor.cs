using LlmBroker.Contracts.V1;

namespace LlmBroker.Redaction;

/// <summary>Removes PII from a request before it leaves the redactor.</summary>
public interface IPromptRedactor
{
    /// <summary>
    /// Returns the request with every PII value replaced, and the encrypted mapping needed to restore
    /// them in the client-facing result.
    /// </summary>
    RedactedRequest Redact(PromptRequest request);
}

/// <summary>
/// Forwards requests unchanged. The seam where PII detection and pseudonymization plug in.
/// </summary>
internal sealed class PassThroughRedactor : IPromptRedactor
{
    public RedactedRequest Redact(PromptRequest request) => new() { Request = request };
}
