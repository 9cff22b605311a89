using System.Text;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Governance.Internal;
using LlmBroker.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmBroker.Governance;

/// <summary>
/// The redactor's first step: authenticates a request (signature or trusted Kafka principal),
/// authorizes it against its app's policy and renders its prompt template. Works from an in-memory
/// snapshot; never calls the database per message.
/// </summary>
public sealed class RequestGovernor
{
    private readonly GovernanceCache _cache;
    private readonly GovernanceOptions _options;
    private readonly TimeProvider _clock;
    private readonly ReplayGuard _replays;

    internal RequestGovernor(GovernanceCache cache, IOptions<GovernanceOptions> options, [FromKeyedServices(GovernanceServiceCollectionExtensions.ClockKey)] TimeProvider clock)
    {
        _cache = cache;
        _options = options.Value;
        _clock = clock;
        _replays = new ReplayGuard(_options.ReplayCacheCapacity);
    }

    /// <summary>Completes once apps, keys and templates are loaded.</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken) => _cache.Ready.WaitAsync(cancellationToken);

    /// <summary>
    /// Decides whether the request may enter the pipeline. Never changes the request (a retry must
    /// verify the same bytes): the rendered template and the app's default tags come in the decision,
    /// for <see cref="GovernanceDecision.ApplyTo"/> on the forwarded copy.
    /// </summary>
    public GovernanceDecision Admit(PromptRequest request, MessageContext context, Lane lane)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = _cache.Current;
        var keyId = "";
        IReadOnlyDictionary<string, string>? defaultTags = null;
        AppLimits? limits = null;
        if (_options.IsEnabled)
        {
            if (!snapshot.Apps.TryGetValue((request.Tenant, request.App), out var app))
            {
                return Reject(ErrorCodes.Unauthenticated, RejectionReasons.UnknownApp, $"app {request.Tenant}/{request.App} is not registered");
            }

            var authentication = app.AuthMode == AppAuthModes.KafkaPrincipal
                ? AuthenticatePrincipal(app, context)
                : AuthenticateSignature(request, context, snapshot, out keyId);
            if (authentication is not null)
            {
                return authentication;
            }

            var authorization = Authorize(app, request, lane);
            if (authorization is not null)
            {
                return authorization;
            }

            defaultTags = app.DefaultTags;
            limits = LimitsOf(app);
        }

        var decision = Render(request, snapshot, keyId);
        if (decision.Accepted && limits is not null)
        {
            decision = decision with { Limits = limits };
        }

        return defaultTags is { Count: > 0 } && decision.Accepted ? decision with { DefaultTags = defaultTags } : decision;
    }

    /// <summary>The limits the router enforces for <paramref name="app"/>, or null when it has none.</summary>
    private static AppLimits? LimitsOf(AppPolicy app)
    {
        var limits = new AppLimits
        {
            Rpm = app.RpmLimit ?? 0,
            Tpm = app.TpmLimit ?? 0,
            BudgetSoftNanoUsd = (long)((app.MonthlyBudgetSoftUsd ?? 0) * 1_000_000_000m),
            BudgetHardNanoUsd = (long)((app.MonthlyBudgetHardUsd ?? 0) * 1_000_000_000m),
        };
        return limits.Rpm == 0 && limits.Tpm == 0 && limits.BudgetSoftNanoUsd == 0 && limits.BudgetHardNanoUsd == 0 ? null : limits;
    }

    private GovernanceDecision? AuthenticateSignature(PromptRequest request, MessageContext context, GovernanceSnapshot snapshot, out string keyId)
    {
        keyId = "";
        if (request.Signature is not { KeyId.Length: > 0 } signature)
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.Unsigned, "the request is not signed");
        }

        if (!snapshot.Keys.TryGetValue(signature.KeyId, out var key) || key.Tenant != request.Tenant || key.App != request.App)
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.UnknownKey, $"key {Truncate(signature.KeyId)} is not a key of app {request.Tenant}/{request.App}");
        }

        keyId = key.KeyId;
        if (!RequestSigning.Verify(request, key.SigningKey))
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.BadSignature, "the signature does not match the request", keyId);
        }

        var now = _clock.GetUtcNow();
        var signedAt = DateTimeOffset.FromUnixTimeMilliseconds(signature.SignedAtUnixMs);
        if ((now - signedAt).Duration() > _options.ClockSkew)
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.SignatureExpired, $"signed at {signedAt:O}, outside the accepted window of ±{_options.ClockSkew}", keyId);
        }

        if (key.RevokedAt is { } revokedAt && revokedAt <= now)
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.KeyRevoked, $"key {keyId} was revoked", keyId);
        }

        if (key.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.KeyExpired, $"key {keyId} expired at {expiresAt:O}", keyId);
        }

        var position = $"{context.Topic}/{context.Partition}/{context.Offset}";
        if (_replays.Check(request.RequestId, signature.Signature.Span, position, now, _options.ClockSkew * 2) == ReplayGuard.Verdict.Replay)
        {
            return new GovernanceDecision(false, ErrorCodes.Unauthenticated, RejectionReasons.Replayed, "the same signed request was already received", keyId, "", 0, IsReplay: true);
        }

        _cache.MarkUsed(keyId, now);
        return null;
    }

    private static GovernanceDecision? AuthenticatePrincipal(AppPolicy app, MessageContext context)
    {
        var principal = context.Headers.TryGetLastBytes(GovernanceHeaders.Principal, out var bytes) ? Encoding.UTF8.GetString(bytes) : "";
        if (principal.Length == 0)
        {
            return Reject(ErrorCodes.Unauthenticated, RejectionReasons.PrincipalMissing, $"app {app.Tenant}/{app.App} trusts its Kafka principal, but the request carries no {GovernanceHeaders.Principal} header");
        }

        return app.KafkaPrincipals.Contains(principal, StringComparer.Ordinal)
            ? null
            : Reject(ErrorCodes.Unauthenticated, RejectionReasons.PrincipalNotAllowed, $"principal {Truncate(principal)} may not act for app {app.Tenant}/{app.App}");
    }

    private static GovernanceDecision? Authorize(AppPolicy app, PromptRequest request, Lane lane)
    {
        if (app.AllowedModels.Count > 0 && !app.AllowedModels.Contains(request.Model, StringComparer.Ordinal))
        {
            return Reject(ErrorCodes.Forbidden, RejectionReasons.ModelNotAllowed, $"model {Truncate(request.Model)} is not allowed for app {app.Tenant}/{app.App}", request.Signature?.KeyId ?? "");
        }

        var laneName = lane == Lane.Batch ? "batch" : "interactive";
        return app.AllowedLanes.Count > 0 && !app.AllowedLanes.Contains(laneName, StringComparer.Ordinal)
            ? Reject(ErrorCodes.Forbidden, RejectionReasons.LaneNotAllowed, $"lane {laneName} is not allowed for app {app.Tenant}/{app.App}", request.Signature?.KeyId ?? "")
            : null;
    }

    private static GovernanceDecision Render(PromptRequest request, GovernanceSnapshot snapshot, string keyId)
    {
        if (request.Template is not { Name.Length: > 0 } reference)
        {
            return new GovernanceDecision(true, "", "", "", keyId, "", 0);
        }

        var version = reference.Version;
        if (version <= 0 && !snapshot.Labels.TryGetValue((reference.Name, reference.Label.Length > 0 ? reference.Label : "production"), out version))
        {
            return Reject(ErrorCodes.InvalidRequest, RejectionReasons.UnknownTemplate, $"template {Truncate(reference.Name)} has no label '{reference.Label}'", keyId);
        }

        if (!snapshot.Templates.TryGetValue((reference.Name, version), out var template))
        {
            return Reject(ErrorCodes.InvalidRequest, RejectionReasons.UnknownTemplate, $"template {Truncate(reference.Name)}@{version} does not exist", keyId);
        }

        IReadOnlyList<ChatMessage> rendered;
        try
        {
            rendered = TemplateRenderer.Render(template, reference.Variables);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            return Reject(ErrorCodes.InvalidRequest, RejectionReasons.TemplateError, $"template {template.Name}@{version} failed to render: {e.Message}", keyId);
        }

        return new GovernanceDecision(true, "", "", "", keyId, template.Name, template.Version) { RenderedMessages = rendered };
    }

    private static GovernanceDecision Reject(string code, string reason, string message, string keyId = "") =>
        new(false, code, reason, message, keyId, "", 0);

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

/// <summary>What <see cref="RequestGovernor.Admit"/> decided.</summary>
/// <param name="Accepted">Whether the request may continue.</param>
/// <param name="ErrorCode">Class of the refusal (<see cref="ErrorCodes"/>); empty when accepted.</param>
/// <param name="Reason">Exact refusal reason (<see cref="RejectionReasons"/>); empty when accepted.</param>
/// <param name="Message">Human-readable refusal; never holds a secret.</param>
/// <param name="KeyId">Id of the key that signed the request, when known.</param>
/// <param name="TemplateName">Template rendered into the messages, if any.</param>
/// <param name="TemplateVersion">Its version.</param>
/// <param name="IsReplay">The refusal is a replay: the original already got its result.</param>
public sealed record GovernanceDecision(
    bool Accepted, string ErrorCode, string Reason, string Message, string KeyId, string TemplateName, int TemplateVersion, bool IsReplay = false)
{
    /// <summary>Messages rendered from the template, placed before the request's own.</summary>
    public IReadOnlyList<ChatMessage> RenderedMessages { get; init; } = [];

    /// <summary>The app's rate limits and budget, for the router; null when the app has none.</summary>
    public AppLimits? Limits { get; init; }

    /// <summary>The app's default tags, added where the request sets none.</summary>
    public IReadOnlyDictionary<string, string> DefaultTags { get; init; } = new Dictionary<string, string>();

    /// <summary>Puts the rendered messages and default tags into <paramref name="forwarded"/> (a copy of the request).</summary>
    public void ApplyTo(PromptRequest forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        for (var i = RenderedMessages.Count - 1; i >= 0; i--)
        {
            forwarded.Messages.Insert(0, RenderedMessages[i].Clone());
        }

        foreach (var (tag, value) in DefaultTags)
        {
            forwarded.Tags.TryAdd(tag, value);
        }
    }
}

/// <summary>Error codes (<c>ErrorInfo.code</c>) of refused requests.</summary>
public static class ErrorCodes
{
    /// <summary>Who sent the request could not be established.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The app may not do what the request asks.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The request is malformed (e.g. unknown template).</summary>
    public const string InvalidRequest = "invalid_request";
}

/// <summary>Exact reasons of refused requests (<c>Outcome.rejection_reason</c>).</summary>
public static class RejectionReasons
{
    /// <summary>No app with the request's tenant and app.</summary>
    public const string UnknownApp = "unknown_app";

    /// <summary>The request carries no signature.</summary>
    public const string Unsigned = "unsigned";

    /// <summary>The key id is unknown or belongs to another app.</summary>
    public const string UnknownKey = "unknown_key";

    /// <summary>The signature does not match.</summary>
    public const string BadSignature = "bad_signature";

    /// <summary>The signature's timestamp is outside the accepted clock skew.</summary>
    public const string SignatureExpired = "signature_expired";

    /// <summary>The key was revoked.</summary>
    public const string KeyRevoked = "key_revoked";

    /// <summary>The key expired (or its rotation grace period ended).</summary>
    public const string KeyExpired = "key_expired";

    /// <summary>The same signed request was seen at another Kafka position.</summary>
    public const string Replayed = "replayed";

    /// <summary>The app trusts its Kafka principal but the principal header is absent.</summary>
    public const string PrincipalMissing = "principal_missing";

    /// <summary>The principal header names a principal the app does not trust.</summary>
    public const string PrincipalNotAllowed = "principal_not_allowed";

    /// <summary>The model alias is not in the app's allowed list.</summary>
    public const string ModelNotAllowed = "model_not_allowed";

    /// <summary>The lane is not in the app's allowed list.</summary>
    public const string LaneNotAllowed = "lane_not_allowed";

    /// <summary>The template (or its label or version) does not exist.</summary>
    public const string UnknownTemplate = "unknown_template";

    /// <summary>The template failed to render.</summary>
    public const string TemplateError = "template_error";
}
