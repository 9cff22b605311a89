namespace LlmBroker.Governance.Internal;

/// <summary>A key's material as the redactor holds it in memory.</summary>
internal sealed record KeyEntry(string KeyId, string Tenant, string App, byte[] SigningKey, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>Immutable view of apps, keys and templates at one revision; swapped whole on reload.</summary>
internal sealed class GovernanceSnapshot
{
    public static readonly GovernanceSnapshot Empty = new(0, [], [], [], []);

    public GovernanceSnapshot(
        long revision,
        IEnumerable<AppPolicy> apps,
        IEnumerable<KeyEntry> keys,
        IEnumerable<TemplateVersionInfo> templates,
        IEnumerable<(string Name, string Label, int Version)> labels)
    {
        Revision = revision;
        Apps = apps.ToDictionary(a => (a.Tenant, a.App));
        Keys = keys.ToDictionary(k => k.KeyId, StringComparer.Ordinal);
        Templates = templates.ToDictionary(t => (t.Name, t.Version), t => new CompiledTemplate(t.Name, t.Version, TemplateRenderer.Compile(t.Messages)));
        Labels = labels.ToDictionary(l => (l.Name, l.Label), l => l.Version);
    }

    public long Revision { get; }

    public Dictionary<(string Tenant, string App), AppPolicy> Apps { get; }

    public Dictionary<string, KeyEntry> Keys { get; }

    public Dictionary<(string Name, int Version), CompiledTemplate> Templates { get; }

    public Dictionary<(string Name, string Label), int> Labels { get; }
}
