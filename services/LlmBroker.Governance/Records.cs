namespace LlmBroker.Governance;

/// <summary>An app of a tenant and its policy.</summary>
public sealed record AppPolicy
{
    /// <summary>Tenant owning the app.</summary>
    public required string Tenant { get; init; }

    /// <summary>App name, unique within the tenant.</summary>
    public required string App { get; init; }

    /// <summary>Model aliases the app may call; empty allows every alias.</summary>
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    /// <summary>Lanes (<c>interactive</c>, <c>batch</c>) the app may use; empty allows both.</summary>
    public IReadOnlyList<string> AllowedLanes { get; init; } = [];

    /// <summary>Requests per minute (stored; enforcement comes with rate limits).</summary>
    public int? RpmLimit { get; init; }

    /// <summary>Tokens per minute (stored; enforcement comes with rate limits).</summary>
    public int? TpmLimit { get; init; }

    /// <summary>Monthly budget that raises an alert, in USD (stored; enforcement comes with budgets).</summary>
    public decimal? MonthlyBudgetSoftUsd { get; init; }

    /// <summary>Monthly budget that stops the app, in USD (stored; enforcement comes with budgets).</summary>
    public decimal? MonthlyBudgetHardUsd { get; init; }

    /// <summary>Name of the PII policy the redactor applies to the app's requests.</summary>
    public string? PiiPolicy { get; init; }

    /// <summary>Tags added to the app's requests that do not set them.</summary>
    public IReadOnlyDictionary<string, string> DefaultTags { get; init; } = new Dictionary<string, string>();

    /// <summary>How requests are authenticated, see <see cref="AppAuthModes"/>.</summary>
    public string AuthMode { get; init; } = AppAuthModes.Signed;

    /// <summary>Kafka principals accepted when <see cref="AuthMode"/> is <see cref="AppAuthModes.KafkaPrincipal"/>.</summary>
    public IReadOnlyList<string> KafkaPrincipals { get; init; } = [];
}

/// <summary>What is known about an API key (never the key itself).</summary>
public sealed record ApiKeyInfo(
    string KeyId,
    string Tenant,
    string App,
    string LastFour,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? ReplacedBy,
    DateTimeOffset? LastUsedAt)
{
    /// <summary>How the key is shown: its id and last four characters.</summary>
    public string Display => $"{KeyId} (…{LastFour})";
}

/// <summary>A key just created. <see cref="ApiKey"/> is shown once and never stored.</summary>
public sealed record CreatedApiKey(string KeyId, string ApiKey, string Tenant, string App, DateTimeOffset? ExpiresAt);

/// <summary>One message of a prompt template; <see cref="Content"/> is a Liquid template.</summary>
public sealed record TemplateMessage(string Role, string Content);

/// <summary>One version of a prompt template.</summary>
public sealed record TemplateVersionInfo(string Name, int Version, IReadOnlyList<TemplateMessage> Messages, DateTimeOffset CreatedAt, IReadOnlyList<string> Labels);
