using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>The classes of text tuned on the ninth held-out corpus, each in both directions, on texts of their own.</summary>
public sealed class PhoneLabelClassTests
{
    [Theory]
    [InlineData("Empresa Sur SA, tel. 011 4321-5566, CUIT 30-70998877-4 al día.", "30-70998877-4")]
    [InlineData("tel. +48 22 555 01 23, NIP 781-11-22-334 | REGON 630998812", "781-11-22-334")]
    [InlineData("tel. +48 22 555 01 23, NIP 781-11-22-334 | REGON 630998812", "630998812")]
    [InlineData("Telefone: (21) 99876-1234 Pedido: 8812093 Volumes: 2", "8812093")]
    [InlineData("GSM: 0476 11 22 33\nLidnummer: 227-9981-04", "227-9981-04")]
    [InlineData("please quote candidate number 330071254 in your reply", "330071254")]
    [InlineData("Your member card and rewards number 7715 2209 3381 4 are ready.", "7715 2209 3381 4")]
    [InlineData("Winning numbers (draw 118): 03 11 17 24 36 45, bonus 19.", "03 11 17 24 36 45")]
    [InlineData("Parts list: coil pack, filter K 028 311 572; gasket set.", "028 311 572")]
    public void IdentifierNamedByALabel_NotPhone(string text, string identifier) =>
        Assert.DoesNotContain(identifier, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Contactos: 55 6120 3344 / 55 7788 1290. Gracias.", "55 6120 3344")]
    [InlineData("Contactos: 55 6120 3344 / 55 7788 1290. Gracias.", "55 7788 1290")]
    [InlineData("he moved and now uses 011 15-3344-7788 since May", "011 15-3344-7788")]
    [InlineData("please ring the Kobe desk at 078-391-2200 (9:00-18:00) on weekdays", "078-391-2200")]
    [InlineData("INFO sms.out id=91 to=+447700900876 status=queued", "+447700900876")]
    [InlineData("Zentrale: 030 88770-0 bitte", "030 88770-0")]
    [InlineData("GSM: 0476 11 22 33\nLidnummer: 227-9981-04", "0476 11 22 33")]
    [InlineData("Alt: (09) 377 2210 after hours", "(09) 377 2210")]
    [InlineData("NIP +48 601 234 567 (mobile)", "+48 601 234 567")]
    public void PhoneBesideOrAfterALabel_Found(string text, string phone) => Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("CUIT 30-70998877-4", 5, "Acronym")]
    [InlineData("Pedido: 8812093", 8, "Word")]
    [InlineData("loyalty number 77152209", 15, "Word")]
    [InlineData("GSM 0476 11 22 33", 4, "None")]
    [InlineData("Telefone: 0476 11 22 33", 10, "None")]
    [InlineData("my number 0476 11 22 33", 10, "None")]
    [InlineData("call 0476 11 22 33", 5, "None")]
    public void LabelBefore_BothDirections(string text, int start, string expected) =>
        Assert.Equal(expected, PhoneRecognizer.LabelBefore(text, start).ToString());

    [Theory]
    [InlineData("30-70998877-4", true)]
    [InlineData("7715 2209 3381 4", true)]
    [InlineData("030 8877-0", false)]
    [InlineData("0476 11 22 33", false)]
    public void HasCheckDigitTail_BothDirections(string span, bool expected) => Assert.Equal(expected, PhoneRecognizer.HasCheckDigitTail(span));

    [Theory]
    [InlineData("03 11 17 24 36 45", true)]
    [InlineData("06 12 34 56 78", false)]
    public void IsTwoDigitDraw_BothDirections(string span, bool expected) => Assert.Equal(expected, PhoneRecognizer.IsTwoDigitDraw(span));

    [Theory]
    [InlineData("to=+447700900876", 3, true)]
    [InlineData("\"caller_number\": \"+447700900876\"", 18, true)]
    [InlineData("cost=+447700900876", 5, false)]
    public void InPhoneField_BothDirections(string text, int start, bool expected) => Assert.Equal(expected, PhoneRecognizer.InPhoneField(text, start));
}

public sealed class Heldout9OtherClassTests
{
    [Theory]
    [InlineData("Upgrade report: edge-rtr-02 moved from 16.9.3.2 to 17.6.5.1 last night.")]
    [InlineData("Rollback: the stack stays on 15.4.12.3 until the change freeze.")]
    public void VersionsInAnUpgradeReport_NotIp(string text) => Assert.Empty(Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("Upgrade report: mgmt 10.40.1.7 reachable, code moved to 17.6.5.1.", "10.40.1.7")]
    [InlineData("The resolver moved from 9.9.9.9 to 1.1.1.1 last night.", "9.9.9.9")]
    public void AddressBesideAnUpgradeOrAMove_Found(string text, string ip) => Assert.Contains(ip, Detected.Of(PiiEntityType.IpAddress, text));

    [Fact]
    public void SsnWithSpaces_AnsweringAQuestionNamingIt_Found() =>
        Assert.Contains("512 44 7781", Detected.Of(PiiEntityType.UsSsn, "payroll: Dev, what is your SSN for the W-4?\nDev: it's 512 44 7781 thanks"));

    [Fact]
    public void SsnWithSpaces_AfterAnUnrelatedQuestion_NotFound() =>
        Assert.Empty(Detected.Of(PiiEntityType.UsSsn, "can you send the room number? Dev: it's 512 44 7781 thanks"));

    [Fact]
    public void DateAfterABirthCueEarlierInTheSentence_Found() =>
        Assert.Contains("Jun 3 1990", Detected.Of(PiiEntityType.DateOfBirth, "The airline needs your DOB for the booking (the form says Jun 3 1990, right?)"));

    [Theory]
    [InlineData("Born in Leeds. The renewal for the flat was signed on Jun 3 2024 at noon.")]
    [InlineData("We need your DOB for the booking; the trip starts Jun 3 2026 at noon.")]
    public void DateAfterTheSentenceOfABirthCue_NotBirthDate(string text) => Assert.Empty(Detected.Of(PiiEntityType.DateOfBirth, text));
}
