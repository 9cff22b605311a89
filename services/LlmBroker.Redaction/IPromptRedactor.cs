using LlmBroker.Contracts.V1;

namespace LlmBroker.Redaction;

/// <summary>Removes PII from a request before it leaves the redactor.</summary>
public interface IPromptRedactor
{
    /// <summary>
    /// Returns the request with every PII value replaced, and the encrypted mapping needed to restore
    /// them in the client-facing result.
    /// </summary>
    /// <exception cref="Privacy.PiiBlockedException">The policy blocks a kind of PII the request holds.</exception>
    RedactedRequest Redact(PromptRequest request);
}
