using LlmBroker.Contracts.V1;
using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Privacy;

namespace LlmBroker.Pipeline.Tests.Privacy;

public sealed class PseudonymizerTests
{
    private readonly PiiVault _vault = new(PrivacyTestKit.KeyRing());

    [Fact]
    public void Redact_SameValueInSeveralMessages_SamePlaceholderEverywhereAndOneMappingEntry()
    {
        var request = PrivacyTestKit.Request(
            "app",
            "Write to Dr. Alice Martin at alice.martin@example.com.",
            "Cc bob@example.org and again alice.martin@example.com; Dr. Alice Martin signs.");

        var redacted = PrivacyTestKit.Pseudonymizer(_vault).Redact(request);

        Assert.Equal("Write to Dr. <PERSON_1> at <EMAIL_1>.", redacted.Request.Messages[0].Content);
        Assert.Equal("Cc <EMAIL_2> and again <EMAIL_1>; Dr. <PERSON_1> signs.", redacted.Request.Messages[1].Content);
        Assert.Equal(5, redacted.PiiEntityCount);
        Assert.Equal(0, redacted.PiiMaskedCount);
        Assert.Equal("k1", redacted.PiiKeyId);
        var mapping = _vault.Open(redacted);
        Assert.Equal(3, mapping.Count);
        Assert.Equal("Alice Martin", mapping["PERSON_1"]);
        Assert.Equal("alice.martin@example.com", mapping["EMAIL_1"]);
        Assert.Equal("bob@example.org", mapping["EMAIL_2"]);
        Assert.DoesNotContain("alice", redacted.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Redact_NoPii_RequestUnchangedAndNoMapping()
    {
        var request = PrivacyTestKit.Request("app", "What is the capital of France?");

        var redacted = PrivacyTestKit.Pseudonymizer(_vault).Redact(request);

        Assert.Equal("What is the capital of France?", redacted.Request.Messages[0].Content);
        Assert.True(redacted.PiiMapping.IsEmpty);
        Assert.Equal("", redacted.PiiKeyId);
        Assert.Equal(0, redacted.PiiEntityCount);
    }

    [Fact]
    public void Redact_DefaultPolicy_SecretMaskedIrreversiblyAndNotInMapping()
    {
        var request = PrivacyTestKit.Request("app", "My key is sk-abcdefghijklmnopqrstuvwx, mail me at carol@example.com");

        var redacted = PrivacyTestKit.Pseudonymizer(_vault).Redact(request);

        Assert.Equal("My key is <SECRET>, mail me at <EMAIL_1>", redacted.Request.Messages[0].Content);
        Assert.Equal(2, redacted.PiiEntityCount);
        Assert.Equal(1, redacted.PiiMaskedCount);
        Assert.DoesNotContain(_vault.Open(redacted).Values, v => v.StartsWith("sk-", StringComparison.Ordinal));
    }

    [Fact]
    public void Redact_AppPolicyMask_MaskedForThatAppOnly()
    {
        var policies = PrivacyTestKit.Policies(o => o.Apps["hr"] = new PrivacyPolicyRule { Entities = { ["Email"] = "Mask" } });
        var pseudonymizer = PrivacyTestKit.Pseudonymizer(_vault, policies);

        var hr = pseudonymizer.Redact(PrivacyTestKit.Request("hr", "dave@example.com"));
        var other = pseudonymizer.Redact(PrivacyTestKit.Request("sales", "dave@example.com"));

        Assert.Equal("<EMAIL>", hr.Request.Messages[0].Content);
        Assert.True(hr.PiiMapping.IsEmpty);
        Assert.Equal("<EMAIL_1>", other.Request.Messages[0].Content);
    }

    [Fact]
    public void Redact_PolicyAllow_ValueLeftInPrompt()
    {
        var policies = PrivacyTestKit.Policies(o => o.Default.Entities["Phone"] = "Allow");

        var redacted = PrivacyTestKit.Pseudonymizer(_vault, policies).Redact(PrivacyTestKit.Request("app", "Call +44 20 7946 0958 or erin@example.com"));

        Assert.Equal("Call +44 20 7946 0958 or <EMAIL_1>", redacted.Request.Messages[0].Content);
        Assert.Equal(1, redacted.PiiEntityCount);
    }

    [Fact]
    public void Redact_PolicyBlock_ThrowsNamingTheTypeNeverTheValue()
    {
        var policies = PrivacyTestKit.Policies(o => o.Apps["payments"] = new PrivacyPolicyRule { Entities = { ["CreditCard"] = "Block" } });
        var request = PrivacyTestKit.Request("payments", "Charge 4111 1111 1111 1111 for Mr. Frank Hill");

        var error = Assert.Throws<PiiBlockedException>(() => PrivacyTestKit.Pseudonymizer(_vault, policies).Redact(request));

        Assert.Equal([PiiEntityType.CreditCard], error.Types);
        Assert.Contains("CreditCard", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4111", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Frank", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_ManyRequestsConcurrently_EachHasItsOwnNumbering()
    {
        var pseudonymizer = PrivacyTestKit.Pseudonymizer(_vault);
        var results = new RedactedRequest[200];

        Parallel.For(0, results.Length, i => results[i] = pseudonymizer.Redact(PrivacyTestKit.Request("app", $"user{i}@example.com and Ms. Grace Lee")));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal("<EMAIL_1> and Ms. <PERSON_1>", results[i].Request.Messages[0].Content);
            Assert.Equal($"user{i}@example.com", _vault.Open(results[i])["EMAIL_1"]);
        }
    }
}
