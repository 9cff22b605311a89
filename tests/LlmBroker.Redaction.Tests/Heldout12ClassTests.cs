using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>The classes of text tuned on the twelfth held-out corpus (phones, secrets, IP), each in both directions, on texts of their own.</summary>
public sealed class Heldout12ClassTests
{
    [Theory]
    [InlineData("Boa tarde! Pode me ligar no (21) 99612-4478 amanhã cedo?", "(21) 99612-4478")]
    [InlineData("W razie pytań dzwoń: 512 660 934, jestem do 17.", "512 660 934")]
    [InlineData("Dúvidas? Contacto 912 335 780, das 10h às 17h.", "912 335 780")]
    [InlineData("Giao hàng xong nhớ báo em, SĐT: 0912 558 304 nhé.", "0912 558 304")]
    [InlineData("Pedido 88120 pronto, liga no (31) 98877-1020 para combinar a entrega.", "(31) 98877-1020")]
    public void NationalNumberAfterAPhoneWordInAnotherLanguage_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Contacto: +351 912 335 780. Pedido 5520193318, enviado ontem.", "5520193318")]
    [InlineData("Numero d'ordine 7710 5532 19 — consegna entro venerdì.", "7710 5532 19")]
    [InlineData("Guía 5520-0019934 entregada en recepción.", "5520-0019934")]
    [InlineData("Box 33120-00200, Mombasa, tel. +254 722 310 455", "33120-00200")]
    [InlineData("organisationsnummer 559120-3348, faktura bifogad", "559120-3348")]
    public void ReferenceWordInAnotherLanguage_NotPhone(string text, string digits) =>
        Assert.DoesNotContain(digits, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("heads up: pw Lantern#2219 for the shared drive", "Lantern#2219")]
    [InlineData("Le mot de passe du routeur est Cerise#Loire77, merci de ne pas le diffuser.", "Cerise#Loire77")]
    [InlineData("the office wifi is copper-heron-58 for visitors", "copper-heron-58")]
    [InlineData("the wifi password for the lab is Pelican-Quarry-903", "Pelican-Quarry-903")]
    [InlineData("it asks for a password, so use root / Maple!Vane31 there", "Maple!Vane31")]
    public void PasswordGivenInWords_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("the wifi for the workshop is \"Harbor-Guest\", ask at the desk", "Harbor-Guest")]
    [InlineData("the wifi network is CafeNet and it is slow", "CafeNet")]
    [InlineData("pw reset requested by the user yesterday", "reset")]
    [InlineData("the password policy applies read/write access to docs", "write")]
    public void WordsNearAPasswordWord_NotSecret(string text, string value) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Secret, text), s => s.Contains(value, StringComparison.Ordinal));

    [Theory]
    [InlineData("KeyFile = /etc/ssl/private/host.key")]
    [InlineData("secret_path: ./conf/keys/app.pem")]
    [InlineData("password_file = /run/secrets/db_password")]
    public void SettingHoldingAFilePath_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("/etc/wireguard/wg0.key", true)]
    [InlineData("C:\\keys\\site.pfx", true)]
    [InlineData("Tr0ub/4dor&3", false)]
    [InlineData("/tmp", false)]
    public void IsFilePath_RootedWithTwoSeparators(string value, bool expected) =>
        Assert.Equal(expected, SecretRecognizer.IsFilePath(value));

    [Theory]
    [InlineData("Built inbound UDP connection for outside:2001:4860:7712:1a::9/40112 to dmz:10.1.2.3/53", "2001:4860:7712:1a::9")]
    [InlineData("iface:fe80::1c2:33ff:fe4a:9b10 up", "fe80::1c2:33ff:fe4a:9b10")]
    public void V6AddressAfterAnInterfaceLabel_Found(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("mac:00:1a:2b:3c:4d:5e seen")]
    [InlineData("Timer ab:12:cd fired")]
    public void HexPairsAfterALabel_NotIp(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("Upgraded Serilog 3.1.1 → 3.1.1.4 and Polly 8.4 -> 8.4.2.1 today.", "3.1.1.4")]
    [InlineData("Upgraded Serilog 3.1.1 → 3.1.1.4 and Polly 8.4 -> 8.4.2.1 today.", "8.4.2.1")]
    [InlineData("Rolled back 24.2.0.11 => 24.2.0 after the outage.", "24.2.0.11")]
    public void DottedNumberAcrossAnUpgradeArrow_NotIp(string text, string version) =>
        Assert.DoesNotContain(version, Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("moved the gateway 10.4.1.1 → 10.4.1.2 last night", "10.4.1.2")]
    [InlineData("NAT 172.16.8.20 -> 203.0.113.45 for the web tier", "203.0.113.45")]
    public void AddressAcrossAnArrowFromAnotherAddress_StillIp(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.IpAddress, text));
}
