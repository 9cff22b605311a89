using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the nineteenth corpus, each in both directions with sentences of its own: version tables
/// under a firmware title, French chat answers, long phrases between a password word and its verb, dotted acronym labels,
/// the Tagalog "po", a domain's ".no", Austrian month names, Malay and Filipino titles, lower-case IRC handles, and
/// lower-case words that are no particles in a name field.
/// </summary>
public sealed class Heldout19ClassTests
{
    [Fact]
    public void VersionTableUnderFirmwareTitle_NotIp() =>
        Assert.Empty(Detected.Of(PiiEntityType.IpAddress, "Firmware matrix\nswitch-core   18.3.2.1   (next: 18.6.1.4)\nups-rack2     5.40.10.30"));

    [Fact]
    public void AddressLineUnderFirmwareTitle_StillIp() =>
        Assert.Contains("203.0.113.77", Detected.Of(PiiEntityType.IpAddress, "Firmware inventory\nIP-MIB::ipAdEntAddr.3 = IpAddress: 203.0.113.77"));

    [Theory]
    [InlineData("<Maëlle> quelqu'un a le mot de passe du wifi ?\n<Hugo> c'est Garrigue!Sud58, il change lundi", "Garrigue!Sud58")]
    [InlineData("La clave del wifi de invitados de la sede de Sevilla es Azahar-Giralda-77 hasta junio.", "Azahar-Giralda-77")]
    public void PasswordAnsweredInFrenchOrAfterLongPhrase_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Fact]
    public void SshLogLine_NoSecret() =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, "2025-03-12T07:02:11Z sshd[7712]: Accepted password for backup from 100.72.14.9 port 50122 ssh2\n2025-03-12T07:02:44Z sshd[7790]: Invalid user"));

    [Theory]
    [InlineData("Rowena: yung courier po 0917 552 8841, si Kuya Jun", "0917 552 8841")]
    [InlineData("name,email,phone\nSigrid Haug,sigrid@haug.no,+47 913 48 227", "+47 913 48 227")]
    public void PhoneAfterTagalogPoOrDomainNo_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("PO 0917 552 8841 was raised for the pumps.")]
    [InlineData("P.IVA 05518870963 — C.F. 05518870963 — Codice SDI M5UXCR1")]
    public void PurchaseOrderOrDottedAcronym_NotPhone(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Fact]
    public void AustrianMonthName_DateOfBirth() =>
        Assert.Contains("4. Jänner 1988", Detected.Of(PiiEntityType.DateOfBirth, "Frau Petra Holzer, geboren am 4. Jänner 1988, wohnhaft in Graz."));

    [Theory]
    [InlineData("phone bimbit Encik Zulkifli masih +60 12-339 4418?", "Zulkifli")]
    [InlineData("[09:14] <mateusz> deploy done\n[09:15] <Ingrid> thanks", "mateusz")]
    public void MalayTitleOrLowerCaseHandle_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("steps:\n  - name: Publish to PyPI\n    run: twine upload dist/*", "Publish to PyPI")]
    [InlineData("Bénéficiaire : Boulangerie Reuter S.à r.l.", "Boulangerie Reuter")]
    public void StepNamesAndTrades_NotPersons(string text, string notName) =>
        Assert.DoesNotContain(notName, Detected.Of(PiiEntityType.Person, text));
}
