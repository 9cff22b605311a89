using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>Secrets written as <c>name value</c> and in basic-auth form, their spans' ends, and meeting passcodes, each in both directions.</summary>
public sealed class SecretNameValueTests
{
    [Theory]
    [InlineData("Vendor portal creds: client_secret 9f3Kq7LmZ2xV8wB4nT6r for the sandbox.", "9f3Kq7LmZ2xV8wB4nT6r")]
    [InlineData("the export step used token a81f4c09d2e7b6f35c1a9e0d7b4f2c8e6a1d3b5f then failed", "a81f4c09d2e7b6f35c1a9e0d7b4f2c8e6a1d3b5f")]
    [InlineData("use api_secret Zx8Pq2Lm+Kv7Wt4Ry9Bn/Hc3=, api_key 0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a.", "Zx8Pq2Lm+Kv7Wt4Ry9Bn/Hc3=")]
    [InlineData("use api_secret Zx8Pq2Lm+Kv7Wt4Ry9Bn/Hc3=, api_key 0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a.", "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a")]
    [InlineData("proxy settings: http_basic b3BzOkhxMyR2TDkhd1o= on staging", "b3BzOkhxMyR2TDkhd1o=")]
    [InlineData("the billing job reads access_token Qw3rTy7UiOp2AsDf9GhJ from env", "Qw3rTy7UiOp2AsDf9GhJ")]
    public void CredentialAfterSecretNameAndBlank_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("the api key rotation is due next Tuesday for every partner")]
    [InlineData("the token 2024-01-15T10:00:00Z expired before the retry")]
    [InlineData("the password reset link https://example.com/reset/abc123def456 was sent")]
    [InlineData("secret santa assignments for 2024 are out, check your inbox")]
    [InlineData("send the auth alice.smith2024@example.com a note about the outage")]
    [InlineData("the api_secret field_name_version2 is documented in the schema")]
    public void ProseOrNonCredentialAfterSecretName_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("smtp relay user: mailer http_basic: YmFja3VwOlJtOEBrVDQjcVc=", "YmFja3VwOlJtOEBrVDQjcVc=")]
    [InlineData("proxy_basic_auth = b3BzOkhxMyR2TDkhd1o=", "b3BzOkhxMyR2TDkhd1o=")]
    [InlineData("curl -H 'Authorization: Basic c3ZjOnB3' https://ci.internal", "c3ZjOnB3")]
    public void BasicAuthValueAfterPrefixedKeyOrAuthorization_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("oauth: c3ZjOnB3 is the client's short name")]
    [InlineData("http_basic: enabled for the admin console")]
    [InlineData("Authorization: Basic realm=internal was returned")]
    public void NotABasicCredential_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("the login for the kiosk is kiosk / Wm7#pLz-Q2rt. Change it today.", "Wm7#pLz-Q2rt")]
    [InlineData("password: Xq9!mBv2Lp, user: ops", "Xq9!mBv2Lp")]
    [InlineData("db pwd: Hn4$Vc8kLq2.", "Hn4$Vc8kLq2")]
    public void SentencePunctuationAfterSecret_NotInSpan(string text, string secret)
    {
        var found = Detected.Of(PiiEntityType.Secret, text);
        Assert.Contains(secret, found);
        Assert.DoesNotContain(found, f => f.EndsWith('.') || f.EndsWith(',') || f.EndsWith(';'));
    }

    [Theory]
    [InlineData("token: Zx8.Pq2.Lm4Kv7Wt4Ry9 is valid", "Zx8.Pq2.Lm4Kv7Wt4Ry9")]
    [InlineData("password: Qa7.Wn3,Rt5x now", "Qa7.Wn3")]
    public void PunctuationInsideSecret_Kept(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("Meeting ID: 812 4471 9902, Passcode: 773105. Join from a browser.")]
    [InlineData("Zoom link below. Passcode: 550213, see you there")]
    public void MeetingPasscodeEndingASentence_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Fact]
    public void DigitsPasscodeWithoutMeeting_FoundWithoutFullStop() =>
        Assert.Contains("773105", Detected.Of(PiiEntityType.Secret, "The alarm panel passcode: 773105. Keep it private."));

    [Theory]
    [InlineData("4c340b67c01ffff3195f80135f3b92c0", true)]
    [InlineData("HyVZJ20fdb/d7deor8fuA9dvhMzH", true)]
    [InlineData("Tr0pic@l-Mango-41x", true)]
    [InlineData("rotation", false)]
    [InlineData("2024-01-15T10:00:00Z", false)]
    [InlineData("https://example.com/a1b2c3d4", false)]
    [InlineData("alice.smith2024@example.com", false)]
    [InlineData("ffffffffffffffff", false)]
    public void LooksLikeCredential_BothDirections(string value, bool expected) =>
        Assert.Equal(expected, SecretRecognizer.LooksLikeCredential(value));
}
