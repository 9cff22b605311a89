using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// Addresses read part by part from the country layout table, one or more per country, and look-alikes that share a
/// street word, a number or a postcode shape with them but are not addresses.
/// </summary>
public sealed class CountryAddressTests
{
    private static readonly PiiDetector Detector = new();

    private static List<string> Addresses(string text) =>
        [.. Detector.Detect(text).Where(m => m.Type == PiiEntityType.Address).Select(m => text.Substring(m.Start, m.Length))];

    [Theory]
    [InlineData("US", "Apt 12, 77 Orchard Street, Springfield, IL 62704")]
    [InlineData("CA", "Bureau 210, 455 Rue Saint-Paul, Montréal, QC H2Y 1H8")]
    [InlineData("UK", "Flat 3, 18 Oakfield Road, Leeds LS6 3PJ")]
    [InlineData("IE", "Unit 4, Parkwest Business Estate, Dublin 12, D12 K8N3")]
    [InlineData("AU", "Level 9, 120 Collins Street, Melbourne VIC 3000")]
    [InlineData("NZ", "27 Tawa Street, Mount Eden, Auckland 1024")]
    [InlineData("DE", "Hinterhof, Gneisenaustraße 41, 10961 Berlin")]
    [InlineData("AT", "Praterstraße 14/3/9, 1020 Wien")]
    [InlineData("CH", "Postfach 22, Seefeldstrasse 120, 8008 Zürich")]
    [InlineData("FR", "Bâtiment B, 2e étage, 18 avenue Jean Jaurès, 69007 Lyon")]
    [InlineData("BE", "Kortrijksesteenweg 212, bus 3, 9000 Gent")]
    [InlineData("IT", "Via Garibaldi 18, Scala B, 10122 Torino")]
    [InlineData("ES", "Calle Mayor 22, Piso 3, 28013 Madrid")]
    [InlineData("PT", "Rua Augusta 120, 3º Esq, 1100-053 Lisboa")]
    [InlineData("PL", "ul. Długa 17 lok. 4, 80-827 Gdańsk")]
    [InlineData("HU", "Andrássy út 52, 1062 Budapest")]
    [InlineData("RO", "Strada Lipscani 18, Sector 3, 030031 București")]
    [InlineData("SE", "Kungsgatan 44, 411 19 Göteborg")]
    [InlineData("NO", "Thorvald Meyers gate 15, 0555 Oslo")]
    [InlineData("FI", "Mannerheimintie 12, 00100 Helsinki")]
    [InlineData("LV", "Brīvības iela 88, Rīga, LV-1001")]
    [InlineData("LT", "Gedimino prospektas 20, Vilnius, LT-01103")]
    [InlineData("MX", "Av. Reforma 222, Int. 5, Col. Juárez, 06600 Ciudad de México")]
    [InlineData("AR", "Av. Santa Fe 1860, Piso 2, Depto. C, C1123AAN Buenos Aires")]
    [InlineData("CL", "Av. Apoquindo 3400, Oficina 81, Las Condes, Santiago")]
    [InlineData("CO", "Calle 72 # 10-34, Oficina 301, Bogotá 110231")]
    [InlineData("PE", "Jr. de la Unión 455, Dpto. 12, Cercado de Lima, Lima 15001")]
    [InlineData("JP", "Minato-ku, Roppongi 6-10-1, Tokyo 106-6108")]
    [InlineData("KR", "8F, 55 Sejong-daero, Jung-gu, Seoul 04519")]
    [InlineData("IN", "Flat 12, 44 MG Road, Indiranagar, Bengaluru 560038")]
    [InlineData("MY", "Tingkat 5, Wisma Mutiara, 22 Jalan Sultan Ismail, 50250 Kuala Lumpur")]
    [InlineData("ID", "Gedung Sentral Lt. 7, Jl. Thamrin No. 9, Jakarta Pusat 10340")]
    [InlineData("TH", "55/2 Soi Ari 4, Phaya Thai, Bangkok 10400")]
    [InlineData("VN", "Tầng 3, 15 Hai Bà Trưng, Phường Tràng Tiền, Quận Hoàn Kiếm, Hà Nội")]
    [InlineData("PH", "Unit 1204, 6750 Ayala Avenue, Makati 1226")]
    [InlineData("AE", "Office 803, Bay Square Building 11, Al Khail Road, Dubai")]
    [InlineData("TR", "İstiklal Caddesi No: 88, Kat 3, 34433 Beyoğlu/İstanbul")]
    [InlineData("KE", "4th Floor, 12 Kenyatta Avenue, Nairobi 00100")]
    [InlineData("UA", "vul. Sumska 10, kv. 7, Kharkiv 61002")]
    [InlineData("RU", "ul. Tverskaya 12, kv. 45, Moskva 125009")]
    public void Address_CountryLayout_FoundWhole(string country, string address)
    {
        var found = Addresses($"Send the parcel to {address}. Thanks!");
        Assert.True(found.Contains(address), $"{country}: found [{string.Join(" | ", found)}]");
    }

    [Theory]
    [InlineData("Turn left on Main Street after 200 metres, then right on Calle Mayor.")]
    [InlineData("Jalan Sultan Ismail is busy at 5 pm, said the Kuala Lumpur police.")]
    [InlineData("Harbour Road Holdings reported 12 new stores in Bristol and Leeds.")]
    [InlineData("The Tower 2 release adds Office 365 support, Dubai edition.")]
    [InlineData("Model 3 Road Edition, Long Range, Performance.")]
    [InlineData("## Section 4, Road Safety Overview")]
    [InlineData("Invoice 20457, Calle Ocho Foods, Miami")]
    [InlineData("Budget CAD 25, quote 44017, Toronto HQ")]
    [InlineData("LEI 5493 0084 1220, EORI GB 123, HS 8471")]
    [InlineData("Sprint 14, Platz 3, Berlin")]
    public void Address_LookAlike_NotFound(string text) => Assert.Empty(Addresses(text));
}
