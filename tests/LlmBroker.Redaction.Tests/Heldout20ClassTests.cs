using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the twentieth corpus, each in both directions with sentences of its own: initials in name
/// fields, short lower-case chat handles on timed lines, Thai, Austrian and Romanian titles, office words in signatures,
/// and Swedish giro numbers.
/// </summary>
public sealed class Heldout20ClassTests
{
    [Theory]
    [InlineData("row 19  card 5331 8528 9792 0834  reason=DO_NOT_HONOR  holder=K. Ashby", "K. Ashby")]
    [InlineData("[09:14] priya: did the refund go through?\n[09:15] tom: yes, this morning", "tom")]
    [InlineData("Dear Khun Arthit, please find the quotation attached.", "Arthit")]
    [InlineData("Sehr geehrter Herr Mag. Leopold Haider, wir bestätigen den Eingang.", "Leopold Haider")]
    [InlineData("Stimate domnule Vasilescu, vă confirmăm livrarea.", "Vasilescu")]
    public void InitialsHandlesAndTitles_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("tom: this is not a chat\nNote: a form line", "tom")]
    [InlineData("Distinti saluti\nMarta Bellini\nUfficio Acquisti – Officine Riva S.r.l.", "Ufficio Acquisti")]
    [InlineData("Sehr geehrter Herr Mag. Leopold Haider, wir bestätigen den Eingang.", "Mag")]
    public void UntimedHandlesAndOfficeWords_NotPersons(string text, string notName) =>
        Assert.DoesNotContain(notName, Detected.Of(PiiEntityType.Person, text));

    [Fact]
    public void SwedishGiroNumber_NotPhone() =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, "Org.nr 556731-4429 · Bankgiro 5382-1176 · Plusgiro 48 22 91-4"));

    [Fact]
    public void NetworkOsVersionBesideHost_NotIp_HostStill()
    {
        var found = Detected.Of(PiiEntityType.IpAddress, "targets:\n  - host: 10.250.7.1    # core-sw1, IOS 17.12.4.1");
        Assert.Equal(["10.250.7.1"], found);
    }
}
