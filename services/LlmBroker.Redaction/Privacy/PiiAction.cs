namespace LlmBroker.Redaction.Privacy;

/// <summary>What the redactor does with one kind of PII found in a prompt.</summary>
public enum PiiAction
{
    /// <summary>Replace by a numbered placeholder (e.g. <c>&lt;PERSON_1&gt;</c>); restored in the result.</summary>
    Pseudonymize,

    /// <summary>Replace by the type's mask (e.g. <c>&lt;EMAIL&gt;</c>); irreversible, never restored.</summary>
    Mask,

    /// <summary>Reject the request; the result names the entity type, never the value.</summary>
    Block,

    /// <summary>Leave the value in the prompt.</summary>
    Allow,
}

/// <summary>What the validator does with PII in a model's output that was not in the prompt.</summary>
public enum OutputPiiAction
{
    /// <summary>Replace it by the type's mask in the result as well as in the outcome.</summary>
    Mask,

    /// <summary>Leave it in the client-facing result and count it (the outcome still masks it).</summary>
    Flag,
}
