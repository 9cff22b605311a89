using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Privacy;

/// <summary>The prompt holds PII whose policy is <see cref="PiiAction.Block"/>. Names the types, never the values.</summary>
public sealed class PiiBlockedException : Exception
{
    /// <summary>Creates the exception for the blocked <paramref name="types"/>.</summary>
    public PiiBlockedException(IReadOnlyList<PiiEntityType> types)
        : base($"blocked by the privacy policy: the prompt contains {string.Join(", ", types)}") => Types = types;

    /// <summary>Creates the exception.</summary>
    public PiiBlockedException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PiiBlockedException(string message)
        : base(message) => Types = [];

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PiiBlockedException(string message, Exception innerException)
        : base(message, innerException) => Types = [];

    /// <summary>The entity types that blocked the request.</summary>
    public IReadOnlyList<PiiEntityType> Types { get; }
}
