using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Pipeline.Tests;

/// <summary>
/// The worked example of README "Signing requests": every byte of it is checked here against the
/// values printed by the independent Python signer in docs/signing/sign_example.py.
/// </summary>
public sealed class SigningVectorTests
{
    public const string ApiKey = "lbk_Zm9yIGRvY3VtZW50YXRpb24gb25seSwgbm90IGEgcmVhbCBrZXk";
    public const string KeyId = "key_0123456789abcdef";
    public const long SignedAtUnixMs = 1_780_000_000_000;
    public const string SigningKeyHex = "5ce399a2dc6e93aeffa2f48a09baa5846596841b773f0e2b7b9e15410abde138";
    public const string CanonicalHex =
        "0a2430313936303030302d303030302d373030302d383030302d303030303030303030303031120461636d651a03776562220b6770742d346f2d6d696e692a090802120548656c6c6f40015a0b0a03656e76120470726f645a0e0a047465616d1206736561726368";
    public const string SignatureHex = "b0cc9002a8c51f7ef5d8b7332e9af948ce5d09c4436df16e1a95107d5a4cede6";

    public static PromptRequest Example()
    {
        var request = new PromptRequest
        {
            RequestId = "01960000-0000-7000-8000-000000000001",
            Tenant = "acme",
            App = "web",
            Model = "gpt-4o-mini",
            Lane = Lane.Interactive,
        };
        request.Messages.Add(new ChatMessage { Role = Role.User, Content = "Hello" });
        // Inserted out of order on purpose: the canonical form sorts map entries by key.
        request.Tags["team"] = "search";
        request.Tags["env"] = "prod";
        request.Times = new StageTimes { SubmittedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddDays(1)) };
        return request;
    }

    [Fact]
    public void Sign_ReadmeExample_ProducesTheDocumentedBytes()
    {
        var request = Example();

        var signingKey = RequestSigning.DeriveSigningKey(ApiKey);
        RequestSigning.Sign(request, KeyId, signingKey, DateTimeOffset.FromUnixTimeMilliseconds(SignedAtUnixMs));

        Assert.Equal(SigningKeyHex, Convert.ToHexStringLower(signingKey));
        Assert.Equal(CanonicalHex, Convert.ToHexStringLower(RequestSigning.CanonicalBytes(request)));
        Assert.Equal(SignatureHex, Convert.ToHexStringLower(request.Signature.Signature.Span));
        Assert.True(RequestSigning.Verify(request, signingKey));
    }

    [Fact]
    public void Verify_TagsInOtherOrderAndStageTimesChanged_StillValid()
    {
        var request = Example();
        var signingKey = RequestSigning.DeriveSigningKey(ApiKey);
        RequestSigning.Sign(request, KeyId, signingKey, DateTimeOffset.FromUnixTimeMilliseconds(SignedAtUnixMs));
        var reordered = Example();
        reordered.Tags.Clear();
        reordered.Tags["env"] = "prod";
        reordered.Tags["team"] = "search";
        reordered.Signature = request.Signature;
        reordered.Times.RedactorReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddDays(2));

        Assert.True(RequestSigning.Verify(reordered, signingKey));
        reordered.Model = "gpt-4o";
        Assert.False(RequestSigning.Verify(reordered, signingKey));
    }
}
