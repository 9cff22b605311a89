using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>The address classes tuned on the thirteenth held-out corpus, each in both directions, on texts of their own.</summary>
public sealed class Heldout13AddressClassTests
{
    [Theory]
    [InlineData("Nos vemos en la sede de Av. Arequipa 2450, Of. 301, Lince, Lima 15046 mañana.", "Av. Arequipa 2450, Of. 301, Lince, Lima 15046")]
    [InlineData("Trimiteți coletul la Str. Mihai Eminescu 14, et. 2, ap. 7, Sector 1, 010512 București, vă rog.", "Str. Mihai Eminescu 14, et. 2, ap. 7, Sector 1, 010512 București")]
    public void ConnectorBeforeStreetWord_NotInAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Lo recogemos en Av. Arequipa 2450, Of. 301, Lince, Lima 15046. Si no está, llame.")]
    [InlineData("Quedamos en Calle Mayor 12, 3º, 28013 Madrid. Si llueve, cambiamos.")]
    public void SentenceAfterAddress_NotInAddress(string text) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, text), a => a.EndsWith("Si", StringComparison.Ordinal));

    [Theory]
    [InlineData("Catalogue: Route 12 Backpack, Studio 9 Mirror, Suite 300 Sofa, Level 5 Lamp, Building 3 Shelf. Order today.")]
    [InlineData("New in store: Avenue 5 Perfume, Tower 8 Fan, Block 2 Puzzle, Suite 40 Chair.")]
    public void ProductNamesWithNumbers_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Deliver to Suite 300, 18 Market Street, Cape Town 8001 before noon.", "Suite 300, 18 Market Street, Cape Town 8001")]
    [InlineData("Yeni adres: Atatürk Cad. No: 42, Kat: 3, Kadıköy, 34710 İstanbul olarak güncellendi.", "Atatürk Cad. No: 42, Kat: 3, Kadıköy, 34710 İstanbul")]
    public void UnitWithNumber_KeptInAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Send it to Unit 7, 2nd Floor, Riverside Centre, Marine Drive, Durban 4001 please.", "Unit 7, 2nd Floor, Riverside Centre, Marine Drive, Durban 4001")]
    [InlineData("Our office: Block B, Ground Floor, Hillcrest Office Park, 9 Oak Avenue, Rosebank, Johannesburg 2196", "Block B, Ground Floor, Hillcrest Office Park, 9 Oak Avenue, Rosebank, Johannesburg 2196")]
    public void BuildingNameBelowUnitLine_InAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Thanks, Harbour Logistics, 9 Oak Avenue, Rosebank, Johannesburg 2196", "9 Oak Avenue, Rosebank, Johannesburg 2196")]
    public void NameWithoutUnitLine_NotInAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Correo: Box 2210, 411 05 Göteborg, tack.", "Box 2210, 411 05 Göteborg")]
    [InlineData("Mail to P.O. Box 48213-00100, Nairobi and copy us.", "P.O. Box 48213-00100, Nairobi")]
    [InlineData("Invoice address: Office 804, Level 8, Crescent Tower, Corniche Road, P.O. Box 220145, Abu Dhabi Tel: 02 555 0100", "Office 804, Level 8, Crescent Tower, Corniche Road, P.O. Box 220145, Abu Dhabi")]
    public void PostOfficeBoxAndKnownCity_InAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("The Box 2210 release, 411 05 tests passed.")]
    [InlineData("Ticket Box 48213 closed on Monday.")]
    public void BoxWordWithoutTown_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Escríbeme a C/ de Alcalá 21, 2.º A, 28014 Madrid. Llámame al 915 23 44 18 si hace falta.", "C/ de Alcalá 21, 2.º A, 28014 Madrid")]
    public void NumberGroupsAfterAddress_NotPostcode(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Cliente: Tomás Vidal\nDirección: Av. Santa Fe 2210, piso 3, C1123AAB Buenos Aires\nTel.: (011) 4822-1190")]
    public void LabelLineAfterLeadStreet_NotInAddress(string text) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, text), a => a.Contains("Tel", StringComparison.Ordinal));

    [Theory]
    [InlineData("住所は 〒460-0008 Aichi-ken, Nagoya-shi, Naka-ku, Sakae 3-5-1, Sakura Tower 9F です", "〒460-0008 Aichi-ken, Nagoya-shi, Naka-ku, Sakae 3-5-1, Sakura Tower 9F")]
    public void BuildingAfterJapaneseBlock_InAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));
}
