using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the sixteenth corpus, each in both directions with sentences of its own: message ids, SSNs
/// named earlier in their sentence or labelled as another number, phones in the columns of a call log, a referee's number,
/// ranges of serials, tokens in brackets, passwords told as changed with a time, IPv6 endpoints with a port, dates written
/// with spaced dots, chat exports with an app tag or a time heading, lower-case handles, organisations, rooms named after
/// people, sign-offs and titles in a row.
/// </summary>
public sealed class Heldout16ClassTests
{
    [Fact]
    public void MessageId_NotEmail_SenderStill()
    {
        var found = Detected.Of(PiiEntityType.Email, "postfix/cleanup[4410]: 7Hc2: message-id=<20251104.8812@mx.kestrel.io>\npostfix/qmgr: 7Hc2: from=<lena.brandt@kestrel.io>");
        Assert.Equal(["lena.brandt@kestrel.io"], found);
    }

    [Theory]
    [InlineData("HR needs your SSN before Friday; on the W-4 you wrote 219094417 without dashes.", "219094417")]
    public void SsnNamedEarlierInSentence_Found(string text, string ssn) =>
        Assert.Contains(ssn, Detected.Of(PiiEntityType.UsSsn, text));

    [Theory]
    [InlineData("Refund issued to the account. Member no. 219-09-4417 keeps its points.")]
    [InlineData("Your SSN is on file and the routing number 219094417 is for the payroll bank.")]
    public void NumberNamedAsAnotherKind_NotSsn(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.UsSsn, text));

    [Theory]
    [InlineData("Calls today\n09:12  in   +44 161 496 0732   3:05   booking query\n09:40  out  0161 496 0419      0:41   left message", "0161 496 0419")]
    [InlineData("Calls today\n09:12  in   +44 161 496 0732   3:05   booking query", "+44 161 496 0732")]
    [InlineData("Referees:\nReference: Marcia Tillman (former manager) 0413 772 905", "0413 772 905")]
    public void PhoneInCallLogOrUnderReferee_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("  PID USER   PR  NI    VIRT    RES\n 4410 app    20   0 0 5512240 1187440")]
    [InlineData("Replace units with serial SN 4471-2290-0001 to 4471-2290-0250 before shipping.")]
    public void ProcessColumnsAndSerialRanges_NotPhones(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("The user pasted the Twilio auth token (8c1f4a9e2b7d3c605e1a9f4b2c8d7e36) into the ticket.", "8c1f4a9e2b7d3c605e1a9f4b2c8d7e36")]
    [InlineData("Le mot de passe du wifi a changé ce matin : Glycine!Port88 pour tous.", "Glycine!Port88")]
    public void TokenInBracketsOrPasswordChangedToday_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Fact]
    public void AuthTokenWordsWithoutValue_NotSecret() =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, "Rotate the auth token (see the runbook) before the audit."));

    [Theory]
    [InlineData("Endpoint = 2001:db9:4410:7e1::12:51820", "2001:db9:4410:7e1::12")]
    public void Ipv6EndpointWithFiveDigitPort_FoundWithoutPort(string text, string ip) =>
        Assert.Equal([ip], Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("Jméno: Tereza Dvořáková\nDatum narození: 3. 9. 1991", "3. 9. 1991")]
    public void DateOfBirthWithSpacedDots_Found(string text, string date) =>
        Assert.Contains(date, Detected.Of(PiiEntityType.DateOfBirth, text));

    [Theory]
    [InlineData("[WhatsApp] Wulan Prasetyo: sudah dikirim?\n[WhatsApp] Agus Salim: sudah, tadi pagi", "Agus Salim")]
    [InlineData("[Slack] Kanya: the build is green\n[Slack] Teerapat: merging now", "Teerapat")]
    [InlineData("[Teams] Maarten Visser 09:12\nKun je de offerte sturen?\n[Teams] Ilse Kramer 09:15\nStaat in de map.", "Ilse Kramer")]
    [InlineData("dave: deploy is stuck again\nWanjiku: restarting the runner\ndave: thanks", "dave")]
    public void ChatExportSpeakers_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Fact]
    public void ChatAppTags_NotPersons()
    {
        var found = Detected.Of(PiiEntityType.Person, "[WhatsApp] Wulan Prasetyo: sudah dikirim?\n[WhatsApp] Agus Salim: sudah");
        Assert.DoesNotContain("WhatsApp", found);
    }

    [Theory]
    [InlineData("Thanks for your patience, the refund is on its way.\n– Rosalind, Customer Care", "Rosalind")]
    [InlineData("Please move both keys into the vault today.\n\nTorvald", "Torvald")]
    [InlineData("Sehr geehrte Frau Dr. Wendlinger, wir bestätigen den Eingang.", "Wendlinger")]
    [InlineData("She says her manager, Corbin Ashgrove, approved the leave.", "Corbin Ashgrove")]
    public void SignOffsTitlesAndAppositions_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("Please confirm the order.\n\nRegards", "Regards")]
    [InlineData("Ficha de ingreso – Clínica San Rafael\nPaciente: pendiente", "Clínica San Rafael")]
    [InlineData("Hallo Frau Berger,\n\nIhr Paket ist unterwegs.", "Ihr Paket")]
    [InlineData("10:30 Customer Success Review (Katherine Johnson room)", "Katherine Johnson")]
    public void SignOffWordsOrganisationsAndRooms_NotPersons(string text, string notName) =>
        Assert.DoesNotContain(notName, Detected.Of(PiiEntityType.Person, text));
}
