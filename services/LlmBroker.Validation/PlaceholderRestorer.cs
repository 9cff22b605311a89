using LlmBroker.Contracts.V1;
using LlmBroker.Redaction.Privacy;

namespace LlmBroker.Validation;

/// <summary>Opens the request's encrypted mapping and puts the values back in place of the placeholders.</summary>
internal sealed class PlaceholderRestorer(PiiVault vault) : IPiiRestorer
{
    public string Restore(string output, RedactedRequest request) =>
        request.PiiMapping.IsEmpty ? output : Placeholders.Restore(output, vault.Open(request));
}
