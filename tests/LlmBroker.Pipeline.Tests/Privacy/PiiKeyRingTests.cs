using System.Security.Cryptography;
using System.Text;
using LlmBroker.Contracts.V1;
using LlmBroker.Messaging;
using LlmBroker.Redaction.Privacy;

namespace LlmBroker.Pipeline.Tests.Privacy;

public sealed class PiiKeyRingTests
{
    private const string RequestId = "0190f3a4-5b6c-7d8e-9f00-112233445566";

    [Fact]
    public void Decrypt_AfterRotation_OldKeyIdStillDecryptsAndNewMessagesUseTheNewKey()
    {
        var k1 = PrivacyTestKit.NewKey();
        var k2 = PrivacyTestKit.NewKey();
        var before = PrivacyTestKit.KeyRing("k1", ("k1", k1));
        var old = before.Encrypt(Encoding.UTF8.GetBytes("old secret"), RequestId);
        var after = PrivacyTestKit.KeyRing("k2", ("k1", k1), ("k2", k2));

        var fresh = after.Encrypt(Encoding.UTF8.GetBytes("new secret"), RequestId);

        Assert.Equal("k2", after.ActiveKeyId);
        Assert.Equal("old secret", Encoding.UTF8.GetString(after.Decrypt("k1", old, RequestId)));
        Assert.Equal("new secret", Encoding.UTF8.GetString(after.Decrypt("k2", fresh, RequestId)));
        Assert.ThrowsAny<CryptographicException>(() => after.Decrypt("k1", fresh, RequestId));
        Assert.ThrowsAny<CryptographicException>(() => before.Decrypt("k2", fresh, RequestId));
    }

    [Fact]
    public void Decrypt_TamperedAnywhere_Rejected()
    {
        var ring = PrivacyTestKit.KeyRing();
        var ciphertext = ring.Encrypt(Encoding.UTF8.GetBytes("alice@example.com"), RequestId);

        for (var i = 0; i < ciphertext.Length; i++)
        {
            var tampered = (byte[])ciphertext.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => ring.Decrypt("k1", tampered, RequestId));
        }

        Assert.ThrowsAny<CryptographicException>(() => ring.Decrypt("k1", ciphertext.AsSpan(0, ciphertext.Length - 1).ToArray(), RequestId));
        Assert.ThrowsAny<CryptographicException>(() => ring.Decrypt("k1", ciphertext.AsSpan(0, 10).ToArray(), RequestId));
    }

    [Fact]
    public void Decrypt_OtherRequestId_Rejected()
    {
        var ring = PrivacyTestKit.KeyRing();
        var ciphertext = ring.Encrypt(Encoding.UTF8.GetBytes("alice@example.com"), RequestId);

        Assert.ThrowsAny<CryptographicException>(() => ring.Decrypt("k1", ciphertext, "0190f3a4-5b6c-7d8e-9f00-112233445567"));
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_DifferentCiphertexts()
    {
        var ring = PrivacyTestKit.KeyRing();

        var a = ring.Encrypt(Encoding.UTF8.GetBytes("x"), RequestId);
        var b = ring.Encrypt(Encoding.UTF8.GetBytes("x"), RequestId);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Open_MappingMovedToAnotherRequest_PoisonWithoutValues()
    {
        var vault = new PiiVault(PrivacyTestKit.KeyRing());
        var redacted = new RedactedRequest { Request = new PromptRequest { RequestId = RequestId } };
        var mapping = new PiiMapping();
        mapping.Entries.Add(new PiiMappingEntry { Placeholder = "EMAIL_1", Value = "alice@example.com" });
        vault.Seal(redacted, mapping);
        var moved = new RedactedRequest { Request = new PromptRequest { RequestId = "0190f3a4-5b6c-7d8e-9f00-000000000000" }, PiiMapping = redacted.PiiMapping, PiiKeyId = redacted.PiiKeyId };

        var error = Assert.Throws<PoisonMessageException>(() => vault.Open(moved));

        Assert.Equal("alice@example.com", vault.Open(redacted)["EMAIL_1"]);
        Assert.DoesNotContain("alice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadRing_EveryErrorListedAndNoKeyMaterialEchoed()
    {
        var options = new PiiKeyRingOptions
        {
            ActiveKeyId = "missing",
            Keys =
            [
                new PiiKeyOptions { Id = "bad id!", Material = PrivacyTestKit.NewKey() },
                new PiiKeyOptions { Id = "short", Material = Convert.ToBase64String(new byte[16]) },
                new PiiKeyOptions { Id = "short", Material = "not base64 at all" },
            ],
        };

        var result = new PiiKeyRingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var errors = result.Failures!.ToList();
        Assert.Contains(errors, e => e.Contains("Keys:0:Id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Keys:1:Material", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Keys:2:Id 'short' is used by another key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Keys:2:Material", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ActiveKeyId 'missing'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains(options.Keys[0].Material!, StringComparison.Ordinal) || e.Contains("not base64 at all", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NoKeys_ErrorsForKeysAndActiveKey()
    {
        var result = new PiiKeyRingOptionsValidator().Validate(null, new PiiKeyRingOptions());

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void Validate_PolicyWithUnknownNames_EveryErrorListed()
    {
        var options = new PrivacyPolicyOptions();
        options.Default.Entities["Emial"] = "Mask";
        options.Default.Entities["Phone"] = "Delete";
        options.Default.Output = "Ignore";
        options.Apps["hr"] = new PrivacyPolicyRule { Entities = { ["Person"] = "3" } };

        var result = new PrivacyPolicyOptionsValidator().Validate(null, options);

        var errors = result.Failures!.ToList();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("Default:Entities:Emial: unknown entity type", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown action 'Delete'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Default:Output: unknown action 'Ignore'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Apps:hr:Entities:Person: unknown action '3'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultPolicy_Valid()
    {
        Assert.True(new PrivacyPolicyOptionsValidator().Validate(null, new PrivacyPolicyOptions()).Succeeded);
        Assert.True(new PiiKeyRingOptionsValidator().Validate(null, new PiiKeyRingOptions { ActiveKeyId = "a", Keys = [new() { Id = "a", Material = PrivacyTestKit.NewKey() }] }).Succeeded);
    }
}
