namespace LlmBroker.Messaging;

/// <summary>
/// Thrown by a handler for a message that can never be processed (for instance an invalid envelope).
/// The message goes to the dead-letter topic at once, without retries.
/// </summary>
public sealed class PoisonMessageException : Exception
{
    /// <summary>Creates the exception with a reason code and a human-readable error.</summary>
    public PoisonMessageException(string reason, string message)
        : base(message) => Reason = reason;

    /// <summary>Creates the exception.</summary>
    public PoisonMessageException()
        : this(DeadLetterReasons.InvalidEnvelope, "invalid message")
    {
    }

    /// <summary>Creates the exception.</summary>
    public PoisonMessageException(string message)
        : this(DeadLetterReasons.InvalidEnvelope, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PoisonMessageException(string message, Exception innerException)
        : base(message, innerException) => Reason = DeadLetterReasons.InvalidEnvelope;

    /// <summary>Reason code recorded in the dead letter, see <see cref="DeadLetterReasons"/>.</summary>
    public string Reason { get; }
}

/// <summary>Reason codes of dead letters.</summary>
public static class DeadLetterReasons
{
    /// <summary>The bytes are not a message of the expected type.</summary>
    public const string Undecodable = "undecodable";

    /// <summary>The message decoded but its envelope is invalid.</summary>
    public const string InvalidEnvelope = "invalid_envelope";

    /// <summary>The handler kept failing after its retries.</summary>
    public const string HandlerFailed = "handler_failed";
}
