using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>Addresses from more countries, with units and on several lines; and the look-alikes that are not addresses.</summary>
public sealed class AddressRecognizerTests
{
    private static readonly PiiDetector Detector = new();

    private static List<string> Addresses(string text) =>
        [.. Detector.Detect(text).Where(m => m.Type == PiiEntityType.Address).Select(m => text.Substring(m.Start, m.Length))];

    [Theory]
    // Canada
    [InlineData("88 Queen Street West, Toronto, ON M5H 2N2")]
    [InlineData("Unit 4, 310 Granville Street, Vancouver, BC V6C 1S9")]
    [InlineData("1450 rue Saint-Denis, Montréal, QC H2X 3J8")]
    [InlineData("47 Spring Garden Road, Halifax, Nova Scotia B3J 1E8")]
    // Australia
    [InlineData("Unit 7, 19 Harbour Street, Sydney NSW 2000")]
    [InlineData("3/58 Lygon St, Carlton VIC 3053")]
    [InlineData("Level 9, 250 Adelaide Terrace, Perth WA 6000")]
    [InlineData("12 Wickham Parade, Fortitude Valley QLD 4006")]
    // India
    [InlineData("Flat 204, Lakshmi Apartments, 6th Cross Road, Jayanagar, Bengaluru 560041")]
    [InlineData("No. 18, Nehru Marg, Civil Lines, Jaipur, Rajasthan - 302006")]
    [InlineData("House No. 77, Sector 21, Chandigarh 160 022")]
    [InlineData("B-14, Shanti Nagar, Andheri East, Mumbai, PIN 400069")]
    // Brazil
    [InlineData("Rua Oscar Freire, 812, Jardins, São Paulo - SP, 01426-001")]
    [InlineData("Av. Atlântica, 1702, Apto 301 - Copacabana, Rio de Janeiro/RJ, CEP 22021-001")]
    [InlineData("Rua das Palmeiras, 45, Centro, Curitiba - PR, 80010-150")]
    // Japan (romaji)
    [InlineData("4-5-6 Ginza, Chuo-ku, Tokyo 104-0061")]
    [InlineData("Umeda 2-4-9, Kita-ku, Osaka 530-0001")]
    [InlineData("Room 502, 3-8-12 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023")]
    [InlineData("〒600-8216 Kyoto, Shimogyo-ku, Higashi-Shiokoji 7-1")]
    // United States and United Kingdom, with units
    [InlineData("742 Evergreen Terrace, Apt 3C, Springfield, IL 62704")]
    [InlineData("350 5th Avenue, Suite 4100, New York, NY 10118")]
    [InlineData("1200 Market St, St. Louis, MO 63103")]
    [InlineData("Flat 6, 14 Mill Lane, Newcastle upon Tyne NE4 6RY")]
    // Continental Europe, more forms
    [InlineData("Unter den Linden 40, 10117 Berlin")]
    [InlineData("Burgemeester de Withstraat 8, 1055 TM Amsterdam")]
    [InlineData("Via Garibaldi 22, 16124 Genova GE")]
    public void Address_MoreCountries_Found(string address) =>
        Assert.Contains(address, Addresses($"Please ship it to {address}. Thanks!"));

    [Theory]
    [InlineData("Dana Whitfield\n1842 Cedar Ridge Drive\nApt 12B\nBoulder, CO 80302\nUSA", "1842 Cedar Ridge Drive\nApt 12B\nBoulder, CO 80302")]
    [InlineData("Ship to:\n55 Bloor Street East\nSuite 300\nToronto, ON M4W 1A9", "55 Bloor Street East\nSuite 300\nToronto, ON M4W 1A9")]
    [InlineData("Ms K. Patel\n23 Acacia Avenue\nReading\nRG1 4QH", "23 Acacia Avenue\nReading\nRG1 4QH")]
    [InlineData("Unit 2\n41 Beach Road\nBondi NSW 2026", "Unit 2\n41 Beach Road\nBondi NSW 2026")]
    [InlineData("Lindenweg 14\n80331 München", "Lindenweg 14\n80331 München")]
    [InlineData("Herengracht 210\n1016 BS Amsterdam", "Herengracht 210\n1016 BS Amsterdam")]
    [InlineData("Flat 12, Green Park Residency,\nOuter Ring Road,\nBengaluru 560103", "Flat 12, Green Park Residency,\nOuter Ring Road,\nBengaluru 560103")]
    public void Address_OnSeveralLines_FoundWithItsLineBreaks(string text, string address) =>
        Assert.Contains(address, Addresses(text));

    [Theory]
    [InlineData("Our Sydney office moved; the Toronto team meets at 10:30 Tokyo time.")]
    [InlineData("We drove Route 66 for 2400 miles in 2019.")]
    [InlineData("The Melbourne VIC 2024 conference had 3000 attendees.")]
    [InlineData("Call 555-1234 or 800-555-0199 before 5 PM.")]
    [InlineData("Release 2.4.1 shipped on 2024-03-05 to Tokyo and Osaka customers.")]
    [InlineData("Order 560001 from the Bengaluru warehouse ships Monday.")]
    [InlineData("Invoice 01310-100 covers São Paulo and Rio work.")]
    [InlineData("Build K1A 0B1 passed; see Ottawa notes.")]
    [InlineData("In 2023 NSW 2000 was a census code, not a street.")]
    public void Address_LookAlikes_Ignored(string text) => Assert.Empty(Addresses(text));
}
