using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of address error read on the eighteenth corpus, each in both directions with sentences of its own: towns of
/// several words joined by connectors after a postcode, a Mexican state's abbreviation and its dot, Thai village, road and
/// kilometre lines, amounts and due dates that are not addresses, delivery verbs before a street, block words before a
/// house number and industrial estates above a street.
/// </summary>
public sealed class Heldout18AddressClassTests
{
    [Theory]
    [InlineData("Dirección: Calle del Olivo 7, 2º A, 28703 San Sebastián de los Reyes Horario: 9 a 14", "Calle del Olivo 7, 2º A, 28703 San Sebastián de los Reyes")]
    [InlineData("Enviar a Avenida de la Paz 31, 28231 Las Rozas de Madrid mañana.", "Avenida de la Paz 31, 28231 Las Rozas de Madrid")]
    [InlineData("Sede: Via Garibaldi 12, 25015 Desenzano del Garda, grazie.", "Via Garibaldi 12, 25015 Desenzano del Garda")]
    public void TownOfSeveralWordsWithConnectors_WholeTownFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Envío: Calle Mayor 5, 28013 Madrid de lunes a viernes.", "Calle Mayor 5, 28013 Madrid")]
    [InlineData("Recoger en Calle Mayor 5, 28013 Madrid del 2 al 5 de mayo.", "Calle Mayor 5, 28013 Madrid")]
    public void TownFollowedByLowerCaseConnector_EndsAtTown(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Oficina: Blvd. Bernardo Quintana 4100, Col. Álamos 3a Secc., 76160 Querétaro, Qro. Tel. 442 100 2000", "Blvd. Bernardo Quintana 4100, Col. Álamos 3a Secc., 76160 Querétaro, Qro.")]
    [InlineData("Entregar en Av. Juárez 220, Col. Centro, 68000 Oaxaca de Juárez, Oax. Gracias.", "Av. Juárez 220, Col. Centro, 68000 Oaxaca de Juárez, Oax.")]
    public void MexicanStateAbbreviation_KeepsItsDot(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Fact]
    public void SentenceAfterStateAbbreviation_NotTakenIn() =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, "Av. Juárez 220, Col. Centro, 68000 Oaxaca, Oax. Saludos a todos."), a => a.Contains("Saludos", StringComparison.Ordinal));

    [Theory]
    [InlineData("Ship to 123/45 Moo 7, Sukhumvit Road Km. 35, Bang Phli, Samut Prakan 10540 please.", "123/45 Moo 7, Sukhumvit Road Km. 35, Bang Phli, Samut Prakan 10540")]
    [InlineData("Factory: 99/9 Moo 3, Tambon Nong Prue, Amphoe Bang Lamung, Chonburi 20150", "99/9 Moo 3, Tambon Nong Prue, Amphoe Bang Lamung, Chonburi 20150")]
    [InlineData("Office: 55/2 Soi Ari 4, Phaya Thai, Bangkok 10400", "55/2 Soi Ari 4, Phaya Thai, Bangkok 10400")]
    [InlineData("Gudang: Jl. Raya Narogong Km. 12 No. 5, Bantargebang, Bekasi 17151", "Jl. Raya Narogong Km. 12 No. 5, Bantargebang, Bekasi 17151")]
    public void ThaiVillageRoadAndKilometreLines_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Summe netto 1.240,00 EUR, USt 19 % 235,60 EUR, Gesamt 1.475,60 EUR\nZahlbar bis 30.06.2025 ohne Abzug.")]
    [InlineData("Gesamtbetrag 2.318,45 EUR\nFällig am 15.07.2025, Skonto 2 % bis 01.07.2025.")]
    [InlineData("Total 3.412,90 EUR\nA pagar antes del 12.05.2025 por transferencia.")]
    [InlineData("Importe total 845,20 EUR, IVA 21 % 177,49 EUR\nVencimiento 30/04/2025")]
    [InlineData("Montant TTC 1 250,40 EUR\nÀ régler avant le 15.03.2025, pénalités 10 %.")]
    [InlineData("Net amount 120 USD, due 31.12.2025, reference 4418.")]
    [InlineData("Rechnungsbetrag 88 EUR\nZahlbar bis 11.09.2026")]
    public void AmountsAndDueDates_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("The Moo 2 cows grazed by the road for 3 hours.")]
    [InlineData("Take Exit 23 at Km 41 of the motorway.")]
    [InlineData("Acme Street Foods opened 4 stores on Main Street.")]
    [InlineData("Bishan Street is closed from 10 to 12.")]
    [InlineData("We meet in the 3rd floor meeting room at 10.")]
    [InlineData("The piano 3 keys stick again.")]
    [InlineData("The bus 3 leaves at 10 from Calle Mayor.")]
    [InlineData("Chapter 4: Calle de la Encina and other stories")]
    [InlineData("Turn left after 200 m, then drive 3 km north to Las Rozas.")]
    [InlineData("Model Block 5 Pro ships in 2 colours.")]
    public void AddressLikeTrap_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Bezorgen op Prinsengracht 263, 1016 GV Amsterdam graag.", "Prinsengracht 263, 1016 GV Amsterdam")]
    [InlineData("Liefern an Hauptstraße 12, 10115 Berlin bitte.", "Hauptstraße 12, 10115 Berlin")]
    public void DeliveryVerbBeforeStreet_NotPartOfAddress(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Please deliver to Blk 108 Ang Mo Kio Avenue 4, #03-21, Singapore 560108 today.", "Blk 108 Ang Mo Kio Avenue 4, #03-21, Singapore 560108")]
    [InlineData("Werk: Gewerbegebiet Süd, Am Hafen 9, 26871 Papenburg", "Gewerbegebiet Süd, Am Hafen 9, 26871 Papenburg")]
    public void BlockWordOrEstateBeforeStreet_Included(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));
}
