using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the eighteenth corpus, each in both directions with sentences of its own: SSN lists under
/// names that are also reference words, grouped SSNs in a text about SSNs, one-letter contact labels with a full stop,
/// abbreviated "no." after the kind of number, German account numbers, file URIs in key settings, sign-offs before a name
/// on the next line, and openers, job titles and trade names in more languages.
/// </summary>
public sealed class Heldout18ClassTests
{
    [Theory]
    [InlineData("Please re-key these SSNs:\nMarion Bell — 412-58-2291\nDarnell Price — 518-44-2907", "518-44-2907")]
    [InlineData("Subject: wrong SSN on a W-2\n\nRoy Lister: W-2 shows 512 66 4410, which is right.", "512 66 4410")]
    public void SsnInListOrTextAboutSsns_Found(string text, string ssn) =>
        Assert.Contains(ssn, Detected.Of(PiiEntityType.UsSsn, text));

    [Theory]
    [InlineData("Order total 412-58-2291 price list attached.")]
    [InlineData("Call 512 66 4410 for the depot.")]
    public void SsnShapedWithoutSsnTopic_NotSsn(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.UsSsn, text));

    [Theory]
    [InlineData("12F, 21 Teheran-ro, Seoul\nT. +82 2 6952 4410  M. +82 10 4418 2297", "+82 2 6952 4410")]
    public void PhoneBeforeLetterLabelWithFullStop_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Policy no. HP-2025-0441 · Member no. 7741 2290 18 · Excess £250.00")]
    [InlineData("Mandatsreferenz MR-2025-00419 · BLZ 370 400 44 · Konto 0644 0130 00")]
    [InlineData("Flight LH 1418 · bag tag 0220 557193 · seat 14C")]
    public void NumbersNamedAsAnotherKind_NotPhone(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Fact]
    public void FileUriInKeySetting_NotSecret() =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, "[Interface]\nPrivateKey = file:/etc/wireguard/wg1.key\nDNS = 10.66.0.1"));

    [Theory]
    [InlineData("Cheers,\nBrodie Lachlan\nOperations Coordinator | Southern Cross Freight", "Brodie Lachlan")]
    [InlineData("Freundliche Grüsse\nUrs Bachmann\nAlpenblick Druck AG", "Urs Bachmann")]
    [InlineData("Cualquier cosa llamame.\nAbrazo,\nGabriela", "Gabriela")]
    public void NameAfterSignOff_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("Bonjour,\n\nVeuillez trouver nos coordonnées bancaires.", "Veuillez")]
    [InlineData("Cualquier cosa llamame.\nAbrazo,\nGabriela", "Abrazo, Gabriela")]
    [InlineData("Saygılarımla,\nZeynep Aydın\nSatınalma Uzmanı · Ege Tekstil A.Ş.", "Satınalma Uzmanı")]
    [InlineData("Warm regards,\nShannon Whelan\nArdmore Medical Supplies", "Ardmore Medical Supplies")]
    public void OpenersSignOffsJobTitlesAndTradeNames_NotPersons(string text, string notName) =>
        Assert.DoesNotContain(notName, Detected.Of(PiiEntityType.Person, text));
}
