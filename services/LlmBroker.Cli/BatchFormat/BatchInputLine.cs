using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.BatchFormat;

/// <summary>
/// One non-blank line of an OpenAI Batch input file: either the request it converts to, or why it
/// was refused.
/// </summary>
/// <param name="LineNumber">1-based line number in the file.</param>
/// <param name="CustomId">The line's custom_id when it could be read.</param>
/// <param name="Request">The converted request (custom_id set, no batch id or lane yet); null when invalid.</param>
/// <param name="Error">Why the line was refused; null when valid.</param>
internal sealed record BatchInputLine(int LineNumber, string? CustomId, PromptRequest? Request, string? Error)
{
    public bool IsValid => Request is not null;

    public static BatchInputLine Valid(int lineNumber, PromptRequest request) => new(lineNumber, request.CustomId, request, null);

    public static BatchInputLine Invalid(int lineNumber, string? customId, string error) => new(lineNumber, customId, null, error);
}
