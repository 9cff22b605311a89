using System.Collections.Frozen;
using LlmBroker.Redaction.Pii;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Privacy;

/// <summary>The resolved PII policy: the action for an app and an entity type.</summary>
public sealed class PrivacyPolicies
{
    private static readonly int s_typeCount = Enum.GetValues<PiiEntityType>().Length;
    private readonly ResolvedRule _default;
    private readonly FrozenDictionary<string, ResolvedRule> _apps;

    /// <summary>Resolves the configured rules (validated at start by <see cref="PrivacyPolicyOptionsValidator"/>).</summary>
    public PrivacyPolicies(IOptions<PrivacyPolicyOptions> options)
    {
        var value = options.Value;
        _default = Resolve(BuiltIn(), value.Default);
        _apps = value.Apps.ToFrozenDictionary(a => a.Key, a => Resolve(_default, a.Value), StringComparer.Ordinal);
    }

    /// <summary>The action for <paramref name="type"/> in a request of <paramref name="app"/>.</summary>
    public PiiAction ActionFor(string app, PiiEntityType type) => RuleFor(app).Actions[(int)type];

    /// <summary>What to do with PII the output of <paramref name="app"/> adds.</summary>
    public OutputPiiAction OutputActionFor(string app) => RuleFor(app).Output;

    private ResolvedRule RuleFor(string app) => _apps.TryGetValue(app, out var rule) ? rule : _default;

    private static ResolvedRule BuiltIn()
    {
        var actions = new PiiAction[s_typeCount];
        actions[(int)PiiEntityType.Secret] = PiiAction.Mask;
        actions[(int)PiiEntityType.UrlWithCredentials] = PiiAction.Mask;
        return new ResolvedRule(actions, OutputPiiAction.Mask);
    }

    private static ResolvedRule Resolve(ResolvedRule parent, PrivacyPolicyRule rule)
    {
        var actions = (PiiAction[])parent.Actions.Clone();
        foreach (var (type, action) in rule.Entities)
        {
            if (Enum.TryParse<PiiEntityType>(type, ignoreCase: true, out var t) && Enum.TryParse<PiiAction>(action, ignoreCase: true, out var a))
            {
                actions[(int)t] = a;
            }
        }

        var output = Enum.TryParse<OutputPiiAction>(rule.Output, ignoreCase: true, out var o) ? o : parent.Output;
        return new ResolvedRule(actions, output);
    }

    private sealed record ResolvedRule(PiiAction[] Actions, OutputPiiAction Output);
}
