using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of address error read on the nineteenth corpus, each in both directions with sentences of its own: phone
/// and registration-number lines glued before or after an address, Indian door numbers, cross roads and stages, Singapore
/// units before a building's name, the Hungarian order of postcode, city and street (with ordinal floors and doors), a
/// street named without a street word before a unit, and a street without a number before a plot or post box line.
/// </summary>
public sealed class Heldout19AddressClassTests
{
    [Theory]
    [InlineData("Re: J. Smith, NHS No. 401 023 2137\n27 Willow Crescent, Headingley, Leeds LS6 3HT\n\nMany thanks", "27 Willow Crescent, Headingley, Leeds LS6 3HT")]
    [InlineData("Tel 0161 496 0732\n9 Orchard Road, Chorlton, Manchester M21 9AB", "9 Orchard Road, Chorlton, Manchester M21 9AB")]
    [InlineData("VAT 123 4567 89\n10 Downing Street, London SW1A 2AA", "10 Downing Street, London SW1A 2AA")]
    [InlineData("Mobiel 0478 22 19 05\nVrijdagmarkt 5 bus 2, 9000 Gent", "Vrijdagmarkt 5 bus 2, 9000 Gent")]
    [InlineData("Tel: 021 310 22 41\nBd. Unirii 15, bl. 3, ap. 8, Sector 4, 040104 București\nCUI 40128873", "Bd. Unirii 15, bl. 3, ap. 8, Sector 4, 040104 București")]
    [InlineData("P 02 9374 1122  M 0412 000 111\nLevel 9, 1 Martin Place, Sydney NSW 2000\nABN 12 345 678 901", "Level 9, 1 Martin Place, Sydney NSW 2000")]
    public void IdentifierOrPhoneLineBesideAddress_NotPartOfIt(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Tel: 021 310 22 41\nBd. Unirii 15, bl. 3, ap. 8, Sector 4, 040104 București\nCUI 40128873", "CUI")]
    [InlineData("Re: J. Smith, NHS No. 401 023 2137\n27 Willow Crescent, Headingley, Leeds LS6 3HT", "NHS")]
    [InlineData("Str. Dacia 3, Sector 2, 020051 București\nJ40 31847729", "J40")]
    public void IdentifierLine_NeverInsideAnAddress(string text, string label) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, text), a => a.Contains(label, StringComparison.Ordinal));

    [Theory]
    [InlineData("Rua das Flores, 120\nCentro, Curitiba - PR\n80010-120", "80010-120")]
    [InlineData("350 Fifth Avenue, Suite 7710\nNew York, NY 10118", "350 Fifth Avenue")]
    public void PostcodeOrSuiteLine_StaysInAddress(string text, string part) =>
        Assert.Contains(Detected.Of(PiiEntityType.Address, text), a => a.Contains(part, StringComparison.Ordinal));

    [Theory]
    [InlineData("Mob: 98860 22741\nNo. 17, 5th Main, Jayanagar 4th Block, Bengaluru, Karnataka 560041\nGSTIN 29ABCDE1234F1Z5", "No. 17, 5th Main, Jayanagar 4th Block, Bengaluru, Karnataka 560041")]
    [InlineData("Ph 044 2815 3390\nNo. 8, 3rd Cross Street, Besant Nagar 2nd Phase, Chennai, Tamil Nadu 600090", "No. 8, 3rd Cross Street, Besant Nagar 2nd Phase, Chennai, Tamil Nadu 600090")]
    public void IndianDoorCrossAndStage_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Fact]
    public void SingaporeUnitBeforeBuilding_WholeAddressFound() =>
        Assert.Contains(
            "1 Raffles Place, #44-01 One Raffles Place Tower 2, Singapore 048616",
            Detected.Of(PiiEntityType.Address, "DID +65 6538 1200\n1 Raffles Place, #44-01 One Raffles Place Tower 2, Singapore 048616\nUEN 201912345K"));

    [Theory]
    [InlineData("Küldje ide: 6720 Szeged, Kárász utca 11. III. em. 7. Köszönöm!", "6720 Szeged, Kárász utca 11. III. em. 7.")]
    [InlineData("Cím: 4025 Debrecen, Piac utca 20. Kérem hívjon.", "4025 Debrecen, Piac utca 20.")]
    [InlineData("Számlázási cím: 9021 Győr, Baross Gábor út 12.  Üdvözlettel", "9021 Győr, Baross Gábor út 12.")]
    public void HungarianPostcodeCityStreet_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("GSM 0476 11 22 33\nGrote Markt 7 bus 1, 1000 Brussel", "Grote Markt 7 bus 1, 1000 Brussel")]
    [InlineData("Adres: Vrijdagmarkt 5 bus 2, 9000 Gent.", "Vrijdagmarkt 5 bus 2, 9000 Gent")]
    public void NameAndNumberWithUnit_FoundBeforePostcodeAndCity(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Deliver to Kenyatta Avenue, Plot 19/KN, P.O. Box 4521-00100, Nairobi before noon.", "Kenyatta Avenue, Plot 19/KN, P.O. Box 4521-00100, Nairobi")]
    [InlineData("Ship to Harbour Road, Plot 88, P.O. Box 201, Mombasa", "Harbour Road, Plot 88, P.O. Box 201, Mombasa")]
    public void StreetWithoutNumberBeforePlotOrBox_Included(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Fact]
    public void CompanyNameWithStreetWordBeforePlot_NotTakenIn() =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, "Acme Street Foods, Plot 12, P.O. Box 55, Nairobi"), a => a.Contains("Acme", StringComparison.Ordinal));

    [Theory]
    [InlineData("The bus 3 leaves at 10, 2000 Antwerpen is far.")]
    [InlineData("In 2024 Budapest, Andrássy út 64 hosted the fair.")]
    [InlineData("Support: Call Centre, Plot 4 of the estate")]
    [InlineData("Lot 42 sold for 300 dollars at the auction.")]
    [InlineData("Helpline 0800 123 4567\nOpen 9 to 5 on weekdays")]
    [InlineData("Room 3, floor 2\nTicket 4412 998 2231")]
    [InlineData("Main Street Bakery Ltd\nCompany No. 0912 3344")]
    [InlineData("Invoice 3184772 paid; CUI 31847729 registered.")]
    [InlineData("We meet in the 3rd floor meeting room at 10.")]
    [InlineData("The piano 3 keys stick again.")]
    [InlineData("Chapter 4: Meir and other stories")]
    [InlineData("Model Tower 5 Pro ships in 2 colours.")]
    [InlineData("Turn right onto Moi Avenue, then 200 m north.")]
    [InlineData("Kerkstraat is closed from 8 to 10.")]
    [InlineData("Page 12. The u 12. clause applies.")]
    public void AddressLikeTrap_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));
}
