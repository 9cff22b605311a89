using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// Streets led by their street word (Latin America, Indonesia), Czech and Slovak numbers, Eircodes, a bare postcode last,
/// post-office boxes; and the look-alikes of each that are not addresses.
/// </summary>
public sealed class WorldAddressTests
{
    private static readonly PiiDetector Detector = new();

    private static List<string> Addresses(string text) =>
        [.. Detector.Detect(text).Where(m => m.Type == PiiEntityType.Address).Select(m => text.Substring(m.Start, m.Length))];

    [Theory]
    [InlineData("Av. Providencia 1208, depto 504, Providencia, Santiago")]
    [InlineData("Avenida Insurgentes Sur 1605, piso 12, Col. San José Insurgentes, 03900 Ciudad de México")]
    [InlineData("Av. Santa Fe 3250, piso 5, C1425BGN CABA")]
    [InlineData("Calle Las Begonias 441, oficina 302, San Isidro, Lima")]
    [InlineData("Jl. Sudirman No. 52, Senayan, Kebayoran Baru, Jakarta Selatan 12190")]
    [InlineData("Jalan Braga No. 7, Sumur Bandung, Bandung 40111")]
    [InlineData("Národní 961/25, 110 00 Praha 1")]
    [InlineData("Obchodná 12/3, 811 06 Bratislava")]
    [InlineData("22 Merrion Square, Dublin 2, D02 XK23")]
    [InlineData("8 Eyre Square, Galway, H91 F5PX")]
    [InlineData("15 Long Street, Cape Town City Centre, Cape Town, 8001")]
    [InlineData("Postfach 31 02 20, 10632 Berlin")]
    [InlineData("BP 56, 69002 Lyon")]
    [InlineData("Apartado 1432, 28080 Madrid")]
    [InlineData("〒530-0001 Osaka-fu, Kita-ku, Umeda 3-1-3")]
    public void Address_LeadStreetBoxAndPostcodeForms_Found(string address) =>
        Assert.Contains(address, Addresses($"Please send it to {address}\nThanks!"));

    [Theory]
    [InlineData("Despacho: Av. Corrientes 1847, piso 3, C1045AAB CABA\nTitular: Federico Ibarra", "Av. Corrientes 1847, piso 3, C1045AAB CABA")]
    [InlineData("Alamat: Jl. Kemang Raya No. 18, Bangka, Jakarta Selatan 12730\nTanggal lahir: 1991", "Jl. Kemang Raya No. 18, Bangka, Jakarta Selatan 12730")]
    [InlineData("Tel 06-6341-2207 〒150-0002 Tokyo-to, Shibuya-ku, Shibuya 2-21-1", "〒150-0002 Tokyo-to, Shibuya-ku, Shibuya 2-21-1")]
    [InlineData("Courier to: 3rd Floor, 12 Bree Street, Cape Town, 8001. Reception is upstairs.", "3rd Floor, 12 Bree Street, Cape Town, 8001")]
    public void Address_EndsWhereTheAddressEnds(string text, string address) =>
        Assert.Contains(address, Addresses(text));

    [Theory]
    [InlineData("We met on Av. Corrientes 1847 with Juan before the show.")]
    [InlineData("The Calle Ocho 2024 festival drew Miami crowds.")]
    [InlineData("Jalan Raya 5 was the working title, Bandung office.")]
    [InlineData("Score 1511/230, 100 00 points for the Praha team.")]
    [InlineData("Ticket AB12 CD34 closed; D04 X2P7 is the build tag.")]
    [InlineData("Release 12 Main Street, Season 2, 2024 was a TV series.")]
    [InlineData("Postfach is German for a PO box; 50462 users read the page.")]
    [InlineData("BP 412 measured 120/80 in Bordeaux.")]
    public void Address_LookAlikes_Ignored(string text) => Assert.Empty(Addresses(text));
}
