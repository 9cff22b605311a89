using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of address error read on the fifteenth corpus, each in both directions with sentences of its own: unit and
/// floor words written in lower case, floors written with ordinals, the house number before or after its street, a
/// province code in brackets, a number's dot before the comma, and an address ending before the next sentence.
/// </summary>
public sealed class Heldout15AddressClassTests
{
    [Theory]
    [InlineData("Spedire a Corso Vercelli 27, scala C, 2° piano, 20144 Milano, grazie.", "Corso Vercelli 27, scala C, 2° piano, 20144 Milano")]
    [InlineData("Enviar a Av. Santa Fe 2911, piso 7 depto. B, C1425BGE CABA por favor.", "Av. Santa Fe 2911, piso 7 depto. B, C1425BGE CABA")]
    [InlineData("Adresa: Str. Republicii nr. 9, bl. C, sc. 1, ap. 4, 400015 Cluj-Napoca, telefon la cerere.", "Str. Republicii nr. 9, bl. C, sc. 1, ap. 4, 400015 Cluj-Napoca")]
    [InlineData("Send it to Herzl St 14, 3rd floor, Haifa 3303512, please.", "Herzl St 14, 3rd floor, Haifa 3303512")]
    [InlineData("Proszę wysłać na ul. Długa 17 m. 4, 80-827 Gdańsk jutro.", "ul. Długa 17 m. 4, 80-827 Gdańsk")]
    public void LowerCaseUnitOrOrdinalFloor_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Livrez au 12, Avenue Hassan II, 2e étage, 20070 Casablanca avant midi.", "12, Avenue Hassan II, 2e étage, 20070 Casablanca")]
    [InlineData("Morada: Rua Augusta, 112 - 2.º Dto., 1100-053 Lisboa", "Rua Augusta, 112 - 2.º Dto., 1100-053 Lisboa")]
    public void HouseNumberBeforeOrAfterStreetWithComma_Found(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("La consegna è in Via Po 33, 2° piano, 10124 Torino (TO). Il corriere passa domani.", "Via Po 33, 2° piano, 10124 Torino (TO)")]
    [InlineData("Címünk: Váci út 18. III. em. 2., 1132 Budapest, hétfőtől.", "Váci út 18. III. em. 2., 1132 Budapest")]
    [InlineData("Pakken sendes til Nørrebrogade 52, 2. tv., 2200 København N. Ring hvis den er forsinket.", "Nørrebrogade 52, 2. tv., 2200 København N")]
    public void ProvinceCodeNumberDotOrNextSentence_EndsWhereAddressEnds(string text, string address) =>
        Assert.Equal([address], Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("The 3rd floor meeting room is booked for Friday.")]
    [InlineData("She practised piano 3 hours a day as a child.")]
    [InlineData("The bus 3 leaves at 10 from the square.")]
    [InlineData("Acme Street Partners opened a second office this year.")]
    [InlineData("We walked along Avenida da República, then took the metro.")]
    [InlineData("In 2019, Boulevard Haussmann was closed for the parade.")]
    [InlineData("Turn left, 3 blocks, then right at the lights.")]
    [InlineData("Chapter 12, scala B of the manual covers the piano 3 pedal.")]
    [InlineData("Windows 11, 2024 edition ships with the update.")]
    [InlineData("Main Street, 5 people came to the meeting in London.")]
    public void AddressLikeTrap_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Onze winkel zit op Meir 44 bus 3, 2000 Antwerpen.", "Meir 44 bus 3, 2000 Antwerpen")]
    public void NameAndNumberBeforePostcodeAndKnownCity_Found(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Born on March 3, 1972\nNew account opened today.")]
    [InlineData("Version 44 bus 3, 2000 units shipped.")]
    public void NameAndNumberWithoutKnownCity_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));
}
