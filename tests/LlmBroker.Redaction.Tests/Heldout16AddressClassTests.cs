using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of address error read on the sixteenth corpus, each in both directions with sentences of its own (post
/// boxes and estate plots standing for the street, a number glued to its mark, a district and city joined by a slash,
/// building lines, a region's abbreviation and its dot, no word of the next sentence), and one address for each layout of
/// the country table that had no test, with its exact span.
/// </summary>
public sealed class Heldout16AddressClassTests
{
    [Theory]
    [InlineData("Send it to Suite 902, Building 3, Dubai Internet City, P.O. Box 73000, Dubai for review.", "Suite 902, Building 3, Dubai Internet City, P.O. Box 73000, Dubai")]
    [InlineData("Our plant: Polígono Industrial Las Mercedes, Parcela 14, 28022 Madrid, Madrid. Gracias.", "Polígono Industrial Las Mercedes, Parcela 14, 28022 Madrid, Madrid")]
    [InlineData("Sede: Zona Industriale Sud, Lotto 12, 70026 Modugno (BA)", "Zona Industriale Sud, Lotto 12, 70026 Modugno (BA)")]
    public void PostBoxOrPlotBetweenUnitAndCity_WholeAddressFound(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Please reply to P.O. Box 4410, Nairobi today.")]
    [InlineData("Lot 42 sold for 300 euros at the Paris auction, 75001 bidders.")]
    [InlineData("Plot 3, chapter 12, page 4410 of the novel.")]
    [InlineData("The bus 3 leaves at 10, from platform 2.")]
    [InlineData("We meet in the 3rd floor meeting room at 10.")]
    [InlineData("Play piano 3 keys at a time, 12 bars, 4 beats.")]
    [InlineData("Industrial Light 5, a product range, ships in 2025.")]
    public void BoxOrPlotWithoutUnitLineOrCity_NoAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Teslimat: Halaskargazi Cad. No:112, Kat: 4, 34371 Şişli/İstanbul adresine.", "Halaskargazi Cad. No:112, Kat: 4, 34371 Şişli/İstanbul")]
    [InlineData("Kargo adresi Bağdat Cad. No.214, Daire 6, 34728 Kadıköy/İstanbul olarak güncellendi.", "Bağdat Cad. No.214, Daire 6, 34728 Kadıköy/İstanbul")]
    public void NumberGluedToMarkAndSlashedCity_Found(string text, string address) =>
        Assert.Contains(address, Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Ticket No:185 was closed; see Kat: 9 of the manual.")]
    [InlineData("Invoice No.2024 for Istanbul/Ankara routes, 3 lines.")]
    public void GluedNumberMarkOutsideAnAddress_NoAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("Văn phòng: Tầng 12, Tòa nhà Lotte Center Place, 54 Liễu Giai, Ba Đình, Hà Nội", "Tầng 12, Tòa nhà Lotte Center Place, 54 Liễu Giai, Ba Đình, Hà Nội")]
    [InlineData("Entrega en Av. Hidalgo 1200, Bodega 3, Col. Centro, 44100 Guadalajara, Jal. Si hay dudas llame.", "Av. Hidalgo 1200, Bodega 3, Col. Centro, 44100 Guadalajara, Jal.")]
    [InlineData("Domicilio: Av. Hidalgo 1200, Col. Centro, 44100 Guadalajara, Jal.", "Av. Hidalgo 1200, Col. Centro, 44100 Guadalajara, Jal.")]
    [InlineData("Adresa: Str. Memorandumului 28, 400114 Cluj-Napoca. Mulțumesc, Ana", "Str. Memorandumului 28, 400114 Cluj-Napoca")]
    [InlineData("Pošljite na Slovenska cesta 56, 1000 Ljubljana do petka.", "Slovenska cesta 56, 1000 Ljubljana")]
    public void BuildingLineRegionDotOrNextSentence_ExactSpan(string text, string address) =>
        Assert.Equal([address], Detected.Of(PiiEntityType.Address, text));

    [Theory]
    [InlineData("BG", "Адрес: ul. Tsar Simeon 54, et. 3, ap. 7, 1000 Sofia, благодаря.", "ul. Tsar Simeon 54, et. 3, ap. 7, 1000 Sofia")]
    [InlineData("BR", "Entrega: Rua Oscar Freire 379, apto 52, Jardim Paulista, São Paulo - SP, 01426-001 até sexta.", "Rua Oscar Freire 379, apto 52, Jardim Paulista, São Paulo - SP, 01426-001")]
    [InlineData("CN", "Ship to Room 1203, 88 Nanjing Xilu, Jing'an Qu, Shanghai 200040 next week.", "Room 1203, 88 Nanjing Xilu, Jing'an Qu, Shanghai 200040")]
    [InlineData("CY", "Please post it to Flat 12, 25 Makarios Avenue, 1065 Nicosia before Friday.", "Flat 12, 25 Makarios Avenue, 1065 Nicosia")]
    [InlineData("CZ", "Doručit na Korunní 2569/108, 101 00 Praha 10 do pátku.", "Korunní 2569/108, 101 00 Praha 10")]
    [InlineData("DK", "Send varerne til Vesterbrogade 34, 2. th., 1620 København V i morgen.", "Vesterbrogade 34, 2. th., 1620 København V")]
    [InlineData("EE", "Saatke arve aadressile Narva mnt 7, 10117 Tallinn, aitäh.", "Narva mnt 7, 10117 Tallinn")]
    [InlineData("EG", "Deliver to Apt 14, 26 Shareh Mohamed Mazhar, Zamalek, Cairo 11211 on Sunday.", "Apt 14, 26 Shareh Mohamed Mazhar, Zamalek, Cairo 11211")]
    [InlineData("GR", "Apostolí sti dieúthynsi Odos Ermou 35, 105 63 Athina, efcharistó.", "Odos Ermou 35, 105 63 Athina")]
    [InlineData("HR", "Pošaljite na Ilica 242, 10000 Zagreb do petka.", "Ilica 242, 10000 Zagreb")]
    [InlineData("IL", "Please courier it to Rehov Dizengoff 50, Apt 12, Tel Aviv 6433222 tomorrow.", "Rehov Dizengoff 50, Apt 12, Tel Aviv 6433222")]
    [InlineData("LU", "Envoyez-le au 12, Rue Notre-Dame, L-2240 Luxembourg avant lundi.", "12, Rue Notre-Dame, L-2240 Luxembourg")]
    [InlineData("MA", "Livrez au 45, Boulevard Zerktouni, Immeuble B, 20040 Casablanca demain.", "45, Boulevard Zerktouni, Immeuble B, 20040 Casablanca")]
    [InlineData("MT", "Send it to Flat 4, 21 Triq il-Kbira, Sliema SLM 1540 please.", "Flat 4, 21 Triq il-Kbira, Sliema SLM 1540")]
    [InlineData("NG", "Deliver to Plot 7, 14 Admiralty Way, Lekki, Lagos 106104 on Monday.", "Plot 7, 14 Admiralty Way, Lekki, Lagos 106104")]
    [InlineData("NL", "Graag bezorgen op Keizersgracht 221, 1016 DZ Amsterdam.", "Keizersgracht 221, 1016 DZ Amsterdam")]
    [InlineData("SA", "Send to Office 402, King Fahd Road, Al Olaya District, Riyadh 12214 this week.", "Office 402, King Fahd Road, Al Olaya District, Riyadh 12214")]
    [InlineData("SG", "Ship to 10 Anson Road, #22-02, International Plaza, Singapore 079903 today.", "10 Anson Road, #22-02, International Plaza, Singapore 079903")]
    [InlineData("SI", "Pošljite na Trubarjeva cesta 14, 1000 Ljubljana, hvala.", "Trubarjeva cesta 14, 1000 Ljubljana")]
    [InlineData("SK", "Doručiť na Obchodná 44, 811 06 Bratislava zajtra.", "Obchodná 44, 811 06 Bratislava")]
    [InlineData("ZA", "Please deliver to Unit 5, 44 Long Street, Cape Town, 8001 tomorrow.", "Unit 5, 44 Long Street, Cape Town, 8001")]
    public void LayoutWithoutTestUntilNow_ExactSpan(string country, string text, string address)
    {
        Assert.False(string.IsNullOrEmpty(country));
        Assert.Equal([address], Detected.Of(PiiEntityType.Address, text));
    }

    [Theory]
    [InlineData("Acme Street Foods opened a third kitchen this year.")]
    [InlineData("We walked down Ilica towards the square for 20 minutes.")]
    [InlineData("Chapter 3: Odos Ermou and the shopping streets")]
    [InlineData("The Triq 300 speaker ships with 2 cables.")]
    [InlineData("Head north on Vesterbrogade for 2 km, then turn left.")]
    [InlineData("Riyadh Season 2025 sold 12000 tickets.")]
    [InlineData("Room 1203 is booked for the 3 o'clock review.")]
    [InlineData("Building 7 is closed; use Building 9 entrance.")]
    public void LayoutLookAlikes_NoAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Address, text));
}
