using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>The classes of text tuned on the eighth held-out corpus, each in both directions, on texts of their own.</summary>
public sealed class PhoneClassTests
{
    [Theory]
    [InlineData("2025-01-07T09:12:44Z INFO sms.send to=+447700900123 status=sent", "+447700900123")]
    [InlineData("call.forward from=+33612345678 ok", "+33612345678")]
    [InlineData("Park Min-ho\nT 02-2187-5533\nminho@example.kr", "02-2187-5533")]
    [InlineData("her mobile 010-9876-5432 after six", "010-9876-5432")]
    [InlineData("Please call my number 055 234 8812 tomorrow.", "055 234 8812")]
    [InlineData("Contacto: teléfono +52 1 55 4123 8890", "+52 1 55 4123 8890")]
    [InlineData("ts,direction,number,secs\n2025-01-02,out,+49 30 901820,31\n2025-01-02,in,030 901820,40", "030 901820")]
    [InlineData("sent the invoice 4471182. Her phone 0161 496 0752 works evenings", "0161 496 0752")]
    [InlineData("Kim Sato\nT 03-5412-7788  M 090-2281-4406", "03-5412-7788")]
    public void PhoneInContext_Found(string text, string phone) => Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Supplier ids: USt-IdNr. DE 136 695 976 and TVA FR 83 404 833 048 on the invoice.")]
    [InlineData("Compressing objects: 100% (40213/40213), done.")]
    [InlineData("Handles  NPM(K)    PM(K)\n  3310     141   2210930    2309912")]
    [InlineData("Employer EIN 47-3381920 on the W-2.")]
    [InlineData("Reservation 7731-4410-92 is held until noon.")]
    [InlineData("rate limit=4155550123 tokens")]
    public void NumberThatIsNotAPhone_NotFound(string text) => Assert.Empty(Detected.Of(PiiEntityType.Phone, text));
}

public sealed class IpVersionClassTests
{
    [Theory]
    [InlineData("Firmware levels: gateway 16.8.2.4, switch 15.2.7.3 — current as of June.")]
    [InlineData("# rendered by puppet 18.4.1.9 (module rev 2.3.1.7)")]
    [InlineData("Versioning puzzle: does 3.12.0.4 sort after 3.9.44.21?")]
    [InlineData("tcp6  0  0 ::1:9090   :::*   LISTEN 311/prometheus")]
    public void VersionOrLoopback_NotIp(string text) => Assert.Empty(Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("# built by release 4.2.1.7\nupstream app { server 10.12.4.31:8080; }", "10.12.4.31")]
    [InlineData("Firmware on the router at IP 81.2.69.160 is old.", "81.2.69.160")]
    [InlineData("client 203.0.113.45 sent 40 requests", "203.0.113.45")]
    [InlineData("listening on 2001:db8::1:8125 now", "2001:db8::1:8125")]
    [InlineData("the bastion is v4 95.216.44.18; firmware on the box is 2.10.0.1, ignore that", "95.216.44.18")]
    [InlineData("new edge node 81.2.69.144; its release notes mention nothing else", "81.2.69.144")]
    public void RealAddress_StillFound(string text, string ip) => Assert.Contains(ip, Detected.Of(PiiEntityType.IpAddress, text));

    [Fact]
    public void AddressAndVersionInTwoClauses_OnlyTheAddressFound()
    {
        var found = Detected.Of(PiiEntityType.IpAddress, "v4 95.216.44.18; firmware on the box is 2.10.0.1");

        Assert.Equal(["95.216.44.18"], found);
    }
}

public sealed class UrlPunctuationClassTests
{
    [Theory]
    [InlineData("dsn = mysql://report:Zx8!k#Q2pw@db-7.internal:3306/sales", "mysql://report:Zx8!k#Q2pw@db-7.internal:3306/sales")]
    [InlineData("export HTTP_PROXY=http://ops:Lq9#rT%21x@proxy.example.net:8080", "http://ops:Lq9#rT%21x@proxy.example.net:8080")]
    public void PasswordWithPunctuation_WholeUrlFoundAndNoEmail(string text, string url)
    {
        Assert.Contains(url, Detected.Of(PiiEntityType.UrlWithCredentials, text));
        Assert.Empty(Detected.Of(PiiEntityType.Email, text));
    }

    [Theory]
    [InlineData("see https://shop.example.com?ref=mail#top for details")]
    [InlineData("open https://portal.example.org?contact=ops#help today")]
    public void UrlWithoutUserInfo_NotCredentials(string text) => Assert.Empty(Detected.Of(PiiEntityType.UrlWithCredentials, text));
}

public sealed class ChatAndPasscodeClassTests
{
    [Fact]
    public void PasswordAnsweredOnNextChatLine_Found()
    {
        const string text = "[09:02] Rui: staging ssh password?\n[09:03] Mia: Pq7!vZ2#kLw9, same as last week\n[09:03] Rui: thanks";
        Assert.Contains("Pq7!vZ2#kLw9", Detected.Of(PiiEntityType.Secret, text));
    }

    [Fact]
    public void OrdinaryAnswerOnNextChatLine_NotSecret()
    {
        const string text = "[09:02] Rui: did you reset the password?\n[09:03] Mia: Yesterday, after lunch\n[09:03] Rui: thanks";
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));
    }

    [Fact]
    public void MeetingPasscodeOfDigits_NotSecret() =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, "Zoom meeting ID: 811 2290 4417\nPasscode: 730912\nJoin by phone."));

    [Fact]
    public void DoorPasscodeOfDigits_StillSecret() =>
        Assert.Contains("730912", Detected.Of(PiiEntityType.Secret, "storage room passcode: 730912"));
}

public sealed class VisitDateClassTests
{
    [Fact]
    public void DateAfterSeen_NotBirthDate()
    {
        const string text = "Patient Lena Voss, date of birth 3 May 1971. Seen 04/11/2024 for a review.";
        Assert.Equal(["3 May 1971"], Detected.Of(PiiEntityType.DateOfBirth, text));
    }

    [Fact]
    public void DateAfterDob_StillBirthDate() =>
        Assert.Contains("04/11/1971", Detected.Of(PiiEntityType.DateOfBirth, "Seen today; DOB 04/11/1971, allergies none."));
}
