using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Submission;

/// <summary>
/// The outcome of submitting a batch: one slot per request in submission order, null where no
/// result arrived before the timeout (then <see cref="TimedOut"/> is true and
/// <see cref="CompletedBeforeTimeout"/> counts the slots that are filled).
/// </summary>
internal sealed record BatchSubmission(IReadOnlyList<Result?> Results, bool TimedOut, int CompletedBeforeTimeout);
