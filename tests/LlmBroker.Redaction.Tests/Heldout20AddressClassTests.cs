using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of address error read on the twentieth corpus, each in both directions with sentences of its own: towns of
/// several words after a postcode (German "unter" and "am", Italian towns before a province in brackets, a Spanish or
/// Argentine province after the town), a floor line after a building's name before the street, a neighbourhood before
/// the street on the same line, a place adjective before a glued street word, Argentine boulevards and letter-prefixed
/// postcodes, Vietnamese streets named after a person's full name, and phone labels and address labels kept out.
/// </summary>
public sealed class Heldout20AddressClassTests
{
    [Theory]
    [InlineData("Bitte an Gewerbepark 7, Lindenweg 4, 82441 Ohlstadt am Staffelsee senden.", "Gewerbepark 7, Lindenweg 4, 82441 Ohlstadt am Staffelsee")]
    [InlineData("Werk: Am Hafen 9, 63739 Aschaffenburg am Main\nTel. 06021 4477", "Am Hafen 9, 63739 Aschaffenburg am Main")]
    [InlineData("Lager: Bahnhofstraße 12, 73252 Lenningen unter Teck\nFax 07026 1234", "Bahnhofstraße 12, 73252 Lenningen unter Teck")]
    [InlineData("Spedire a Via Roma 22, 24021 Albino Val Seriana (BG) entro venerdì.", "Via Roma 22, 24021 Albino Val Seriana (BG)")]
    [InlineData("Sede: Piazza Garibaldi 3, 38068 Castel San Pietro (BO)", "Piazza Garibaldi 3, 38068 Castel San Pietro (BO)")]
    [InlineData("Enviar a Calle Mayor 12, 31001 Pamplona, Navarra antes del lunes.", "Calle Mayor 12, 31001 Pamplona, Navarra")]
    [InlineData("Almacén: Calle Real 4, 37001 Salamanca, Salamanca", "Calle Real 4, 37001 Salamanca, Salamanca")]
    public void TownOfSeveralWordsOrProvince_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Rechnung an Bahnhofstraße 12, 79227 Schallstadt unter Umständen später.", "Umständen")]
    [InlineData("Lieferung an Bahnhofstraße 12, 89073 Ulm am Montag.", "Montag")]
    [InlineData("Enviar a Calle Mayor 12, 28013 Madrid, Pedro llamará mañana.", "Pedro")]
    [InlineData("Via Roma 22, 00184 Roma. Tel (06) 555 1234", "Tel")]
    public void ProseAfterTown_NotPartOfAddress(string text, string word) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, text), a => a.Contains(word, StringComparison.Ordinal));

    [Theory]
    [InlineData("Kantor: Menara Sentosa Lt. 12, Jl. Jend. Sudirman Kav. 25, Setiabudi, Jakarta Selatan 12920\nTelp. (021) 520 4411", "Menara Sentosa Lt. 12, Jl. Jend. Sudirman Kav. 25, Setiabudi, Jakarta Selatan 12920")]
    [InlineData("Văn phòng: Lầu 2, 18 Nguyễn Thị Minh Khai, Phường Đa Kao, Quận 1, TP. Hồ Chí Minh\nĐT: 028 3822 1100", "Lầu 2, 18 Nguyễn Thị Minh Khai, Phường Đa Kao, Quận 1, TP. Hồ Chí Minh")]
    [InlineData("Địa chỉ: Tầng 9, 27 Lê Thánh Tôn, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh", "Tầng 9, 27 Lê Thánh Tôn, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh")]
    public void BuildingAndFloorBeforeStreet_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Kantor: Jl. Kemang Raya No. 18, Bangka, Jakarta Selatan 12730\nTelp. (021) 719 2211", "Telp")]
    [InlineData("Alamat: Jl. Merdeka No. 5, Sukajadi, Bandung 40162\nHP 0812 3456 7890", "HP")]
    public void PhoneLabelAfterAddress_NotPartOfIt(string text, string label) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, text), a => a.Contains(label, StringComparison.Ordinal));

    [Theory]
    [InlineData("Adres: Cumhuriyet Mah. Lale Sok. No: 5 Daire: 2, 06420 Çankaya/Ankara", "Cumhuriyet Mah. Lale Sok. No: 5 Daire: 2, 06420 Çankaya/Ankara")]
    [InlineData("Adres: Bahçelievler Mah. Şehit Ali Cad. No: 21, 34180 Bahçelievler/İstanbul", "Bahçelievler Mah. Şehit Ali Cad. No: 21, 34180 Bahçelievler/İstanbul")]
    [InlineData("Teslimat: Kızılay Mahallesi Gazi Sokak 7, 06420 Çankaya/Ankara", "Kızılay Mahallesi Gazi Sokak 7, 06420 Çankaya/Ankara")]
    public void NeighbourhoodBeforeStreet_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Zustellung an Mariahilfer Straße 45/3/12, 1060 Wien bitte.", "Mariahilfer Straße 45/3/12, 1060 Wien")]
    [InlineData("Zustellung an Landstraßer Hauptstraße 71/2/5, 1030 Wien bitte.", "Landstraßer Hauptstraße 71/2/5, 1030 Wien")]
    [InlineData("Bitte an Wiedner Hauptstraße 63, Stiege 2, Top 14, 1040 Wien senden.", "Wiedner Hauptstraße 63, Stiege 2, Top 14, 1040 Wien")]
    public void PlaceAdjectiveBeforeStreet_Included(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Anschrift Grazer Straße 5/1, A-8010 Graz", "Anschrift")]
    [InlineData("Adresse Wiedner Hauptstraße 63, Stiege 2, Top 14, 1040 Wien", "Adresse")]
    public void AddressLabelBeforeStreet_NotPartOfIt(string text, string label) =>
        Assert.DoesNotContain(Detected.Of(PiiEntityType.Address, text), a => a.Contains(label, StringComparison.Ordinal));

    [Theory]
    [InlineData("Envío a Bv. Gálvez 1820, piso 4, S3000 Santa Fe, Santa Fe mañana.", "Bv. Gálvez 1820, piso 4, S3000 Santa Fe, Santa Fe")]
    [InlineData("Envío a Bulevar Artigas 455, piso 2, X5000 Córdoba mañana.", "Bulevar Artigas 455, piso 2, X5000 Córdoba")]
    public void ArgentineBoulevardAndLetterPostcode_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("The Canon S2000 Rosario edition has 3 lenses.")]
    [InlineData("Bv. Oroño is lovely in spring.")]
    [InlineData("Take Wiedner Hauptstraße towards the centre.")]
    [InlineData("Kaya Mahallesi is a nice place, 3 parks.")]
    [InlineData("Gedung Graha Kencana Lt. 7 is closed for renovation.")]
    [InlineData("Floor 3, Tower B is closed for 2 days.")]
    [InlineData("Level 7 of the game, Tower 2 unlocks the boss.")]
    [InlineData("Tầng 6 is the cafeteria.")]
    [InlineData("Acme Street Foods Ltd won the 2024 award.")]
    [InlineData("We meet in the 3rd floor meeting room at 10.")]
    [InlineData("The piano 3 keys stick again.")]
    [InlineData("The bus 3 leaves at 10.")]
    [InlineData("Release 12 Summer Sales Promo Final, 3 pages")]
    [InlineData("Section 4 Annual Review, 12 pages, Part 2")]
    [InlineData("Turn left at Mariahilfer Straße, then 200 m south.")]
    [InlineData("Die Frist endet am 12. Mai unter Vorbehalt.")]
    public void AddressLikeTrap_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));
}
