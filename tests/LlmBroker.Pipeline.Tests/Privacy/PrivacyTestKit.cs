using System.Security.Cryptography;
using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Privacy;
using Microsoft.Extensions.Options;

namespace LlmBroker.Pipeline.Tests.Privacy;

/// <summary>Builds the privacy parts directly, without a host.</summary>
internal static class PrivacyTestKit
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static PiiKeyRing KeyRing(string active, params (string Id, string Material)[] keys) =>
        new(Options.Create(new PiiKeyRingOptions
        {
            ActiveKeyId = active,
            Keys = [.. keys.Select(k => new PiiKeyOptions { Id = k.Id, Material = k.Material })],
        }));

    public static PiiKeyRing KeyRing() => KeyRing("k1", ("k1", NewKey()));

    public static PrivacyPolicies Policies(Action<PrivacyPolicyOptions>? configure = null)
    {
        var options = new PrivacyPolicyOptions();
        configure?.Invoke(options);
        return new PrivacyPolicies(Options.Create(options));
    }

    public static Pseudonymizer Pseudonymizer(PiiVault vault, PrivacyPolicies? policies = null, IPiiDetector? detector = null) =>
        new(detector ?? TestPiiDetector.Instance, policies ?? Policies(), vault);

    public static PromptRequest Request(string app, params string[] contents)
    {
        var request = new PromptRequest { RequestId = RequestIds.New(DateTimeOffset.UtcNow), Tenant = "acme", App = app, Model = "gpt-4o-mini" };
        foreach (var content in contents)
        {
            request.Messages.Add(new ChatMessage { Role = Role.User, Content = content });
        }

        return request;
    }
}
