using System.Text;
using LlmBroker.Contracts.V1;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Privacy;

/// <summary>
/// Replaces the PII of every message by policy: numbered placeholders, consistent across the
/// request's messages (same value, same placeholder), masks, or a block. The placeholder mapping
/// travels encrypted in the redacted request.
/// </summary>
internal sealed class Pseudonymizer(IPiiDetector detector, PrivacyPolicies policies, PiiVault vault) : IPromptRedactor
{
    [ThreadStatic]
    private static StringBuilder? t_builder;

    public RedactedRequest Redact(PromptRequest request)
    {
        State? state = null;
        foreach (var message in request.Messages)
        {
            var content = message.Content;
            if (content.Length == 0)
            {
                continue;
            }

            var matches = detector.Detect(content);
            if (matches.Count > 0)
            {
                state ??= new State();
                message.Content = Replace(content, matches, request.App, state);
            }
        }

        var redacted = new RedactedRequest { Request = request };
        if (state is null)
        {
            return redacted;
        }

        if (state.Blocked is { } blocked)
        {
            throw new PiiBlockedException([.. blocked]);
        }

        redacted.PiiEntityCount = state.Replaced;
        redacted.PiiMaskedCount = state.Masked;
        if (state.Mapping.Entries.Count > 0)
        {
            vault.Seal(redacted, state.Mapping);
        }

        return redacted;
    }

    private string Replace(string content, IReadOnlyList<PiiMatch> matches, string app, State state)
    {
        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        var cursor = 0;
        foreach (var match in matches)
        {
            if (match.Start < cursor || match.End > content.Length || match.Length == 0)
            {
                continue;
            }

            string replacement;
            switch (policies.ActionFor(app, match.Type))
            {
                case PiiAction.Allow:
                    continue;
                case PiiAction.Block:
                    (state.Blocked ??= []).Add(match.Type);
                    continue;
                case PiiAction.Mask:
                    replacement = Placeholders.Mask(match.Type);
                    state.Masked++;
                    break;
                default:
                    replacement = state.PlaceholderFor(match.Type, content.Substring(match.Start, match.Length));
                    break;
            }

            state.Replaced++;
            builder.Append(content, cursor, match.Start - cursor).Append(replacement);
            cursor = match.End;
        }

        if (cursor == 0)
        {
            return content;
        }

        builder.Append(content, cursor, content.Length - cursor);
        var result = builder.ToString();
        if (builder.Capacity > 64 * 1024)
        {
            // Keep a thread's cached builder small after an unusually long prompt.
            t_builder = null;
        }

        return result;
    }

    private sealed class State
    {
        private readonly Dictionary<(PiiEntityType, string), string> _placeholders = [];
        private readonly int[] _counters = new int[Enum.GetValues<PiiEntityType>().Length];

        public PiiMapping Mapping { get; } = new();

        public SortedSet<PiiEntityType>? Blocked { get; set; }

        public int Replaced { get; set; }

        public int Masked { get; set; }

        public string PlaceholderFor(PiiEntityType type, string value)
        {
            if (!_placeholders.TryGetValue((type, value), out var placeholder))
            {
                var key = Placeholders.Key(type, ++_counters[(int)type]);
                placeholder = Placeholders.Format(key);
                _placeholders.Add((type, value), placeholder);
                Mapping.Entries.Add(new PiiMappingEntry { Placeholder = key, Value = value });
            }

            return placeholder;
        }
    }
}
