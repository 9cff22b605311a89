using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

public sealed class ChecksumTests
{
    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("5500-0000-0000-0004", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("1234567812345678", false)]
    public void Luhn_KnownNumbers_Checked(string number, bool valid) => Assert.Equal(valid, Checksums.Luhn(number));

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("378282246310005", true)]
    [InlineData("6011111111111117", true)]
    [InlineData("2221000000000009", true)]
    [InlineData("9111111111111111", false)]
    [InlineData("3782822463100", false)]
    public void CardIssuer_PrefixAndLength_Checked(string digits, bool known) => Assert.Equal(known, Checksums.CardIssuer(digits));

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("NL91ABNA0417164300", true)]
    [InlineData("FR1420041010050500013M02606", true)]
    [InlineData("DE88 3704 0044 0532 0130 00", false)]
    [InlineData("DE89 3704 0044 0532 0130 0", false)]
    [InlineData("XX89370400440532013000", false)]
    public void Iban_Mod97AndCountryLength_Checked(string iban, bool valid) => Assert.Equal(valid, Checksums.Iban(iban));

    [Theory]
    [InlineData(536, 22, 1234, true)]
    [InlineData(0, 22, 1234, false)]
    [InlineData(666, 22, 1234, false)]
    [InlineData(912, 22, 1234, false)]
    [InlineData(536, 0, 1234, false)]
    [InlineData(536, 22, 0, false)]
    [InlineData(123, 45, 6789, false)]
    [InlineData(78, 5, 1120, false)]
    public void Ssn_NeverIssuedRanges_Rejected(int area, int group, int serial, bool valid) => Assert.Equal(valid, Checksums.Ssn(area, group, serial));
}

public sealed class RecognizerTests
{
    private static readonly PiiDetector Detector = new();

    private static List<(PiiEntityType Type, string Value)> Found(string text) =>
        [.. Detector.Detect(text).Select(m => (m.Type, text.Substring(m.Start, m.Length)))];

    private static void AssertFinds(string text, PiiEntityType type, string value) =>
        Assert.Contains((type, value), Found(text));

    [Theory]
    [InlineData("mail anna.schmidt+work@uni-hamburg.de today", "anna.schmidt+work@uni-hamburg.de")]
    [InlineData("<J.Doe@Example.CO.UK>", "J.Doe@Example.CO.UK")]
    public void Email_Formats_Found(string text, string value) => AssertFinds(text, PiiEntityType.Email, value);

    [Theory]
    [InlineData("Call +44 20 7946 0958 now", "+44 20 7946 0958")]
    [InlineData("Tel: (415) 555-2671", "(415) 555-2671")]
    [InlineData("Handy 0151 23456789", "0151 23456789")]
    [InlineData("appelez le 01 42 68 53 00", "01 42 68 53 00")]
    [InlineData("mobile +91 98765 43210", "+91 98765 43210")]
    [InlineData("ligue (11) 91234-5678", "(11) 91234-5678")]
    [InlineData("電話 03-1234-5678", "03-1234-5678")]
    [InlineData("ring (02) 9374 4000", "(02) 9374 4000")]
    public void Phone_InternationalAndNationalFormats_Found(string text, string value) => AssertFinds(text, PiiEntityType.Phone, value);

    [Fact]
    public void Phone_BareDigitRun_NeedsCueWord()
    {
        Assert.DoesNotContain(Found("The batch contains 4155552671 records."), f => f.Type == PiiEntityType.Phone);
        AssertFinds("Please call 4155552671 tomorrow.", PiiEntityType.Phone, "4155552671");
    }

    [Fact]
    public void Phone_ReferenceWordBefore_LowersScore() =>
        Assert.Empty(Found("Order 030 12345678 was shipped."));

    [Theory]
    [InlineData("card 4111 1111 1111 1111 exp 12/29", "4111 1111 1111 1111")]
    [InlineData("card 4520 1736 0918 8436 exp 12/29", "4520 1736 0918 8436")]
    [InlineData("amex 3782-822463-10005", "3782-822463-10005")]
    public void CreditCard_LuhnValid_Found(string text, string value) => AssertFinds(text, PiiEntityType.CreditCard, value);

    [Fact]
    public void CreditCard_LuhnInvalid_Ignored() => Assert.Empty(Found("card 4111 1111 1111 1112"));

    [Fact]
    public void Iban_FollowedByCapitalWord_TrimmedToValidIban() =>
        AssertFinds("Pay DE89 3704 0044 0532 0130 00 EUR now", PiiEntityType.Iban, "DE89 3704 0044 0532 0130 00");

    [Fact]
    public void Ssn_DashedValid_FoundAndInvalidRangeIgnored()
    {
        AssertFinds("SSN 536-22-1234", PiiEntityType.UsSsn, "536-22-1234");
        Assert.Empty(Found("SSN 666-22-1234"));
        Assert.Empty(Found("SSN 123-45-6789"));
    }

    [Fact]
    public void Ssn_UndashedNeedsContext()
    {
        Assert.DoesNotContain(Found("Batch 536221234 done"), f => f.Type == PiiEntityType.UsSsn);
        AssertFinds("my social security number is 536221234", PiiEntityType.UsSsn, "536221234");
    }

    [Theory]
    [InlineData("from 203.0.113.42 at noon", "203.0.113.42")]
    [InlineData("host 2001:db8::8a2e:370:7334 is down", "2001:db8::8a2e:370:7334")]
    [InlineData("link-local fe80::1ff:fe23:4567:890a.", "fe80::1ff:fe23:4567:890a")]
    public void IpAddress_V4AndV6_Found(string text, string value) => AssertFinds(text, PiiEntityType.IpAddress, value);

    [Theory]
    [InlineData("upgrade to version 1.2.3.4 soon")]
    [InlineData("v10.0.0.1 is released")]
    [InlineData("std::vector and add::bad")]
    [InlineData("at 12:30:45 UTC")]
    [InlineData("mac 00:1A:2B:3C:4D:5E")]
    public void IpAddress_LookAlikes_Ignored(string text) => Assert.DoesNotContain(Found(text), f => f.Type == PiiEntityType.IpAddress);

    [Theory]
    [InlineData("https://admin:s3cret@db.example.com/x")]
    [InlineData("postgres://app:hunter2hunter@10.0.0.5:5432/orders")]
    [InlineData("https://api.example.com/v1?api_key=abcdef123456")]
    [InlineData("https://bucket.s3.amazonaws.com/f?X-Amz-Signature=0123456789abcdef")]
    public void Url_WithCredentials_Found(string url) => AssertFinds($"see {url}.", PiiEntityType.UrlWithCredentials, url);

    [Fact]
    public void Url_WithoutCredentials_Ignored() =>
        Assert.Empty(Found("See https://docs.example.com/guide?page=2&lang=en for details."));

    [Theory]
    [InlineData("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z")]
    [InlineData("sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3dEf6h")]
    [InlineData("AKIAQ7ZR3LMX5TNB2WPD")]
    [InlineData("ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb3d")]
    [InlineData("xoxb-123456789012-1234567890123-Ab3dEf6hIj9kLm2nOp5qRs8t")]
    [InlineData("sk_live_Ab3dEf6hIj9kLm2nOp5qRs8t")]
    [InlineData("AIzaSyAb3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    public void Secret_VendorFormats_Found(string key) => AssertFinds($"key: {key} ", PiiEntityType.Secret, key);

    [Fact]
    public void Secret_AwsSecretNeedsContextAndMixedCase()
    {
        const string Secret = "q9ZtR2vLm/X7nKp4Wd8Hs1Bc6Fj3Ga5Ue0YiO2rT";
        AssertFinds($"aws_secret_access_key = {Secret}", PiiEntityType.Secret, Secret);
        Assert.Empty(Found($"blob {Secret} end"));
        Assert.Empty(Found("aws commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"));
    }

    [Fact]
    public void Secret_PrivateKeyBlock_FoundWhole()
    {
        const string Key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x2y3z\nabcdefghij\n-----END RSA PRIVATE KEY-----";
        AssertFinds("here:\n" + Key + "\nthanks", PiiEntityType.Secret, Key);
    }

    [Fact]
    public void Secret_PlaceholdersAndEnvironmentReferences_Ignored()
    {
        Assert.Empty(Found("password = os.environ[\"DB_PASSWORD\"]"));
        Assert.Empty(Found("const token = process.env.API_TOKEN;"));
        Assert.Empty(Found("api_key: ${API_KEY}"));
    }

    [Fact]
    public void DateOfBirth_NeedsBirthCue()
    {
        AssertFinds("She was born on 12 March 1985 in Leeds.", PiiEntityType.DateOfBirth, "12 March 1985");
        AssertFinds("geboren am 03.07.1990", PiiEntityType.DateOfBirth, "03.07.1990");
        AssertFinds("DOB: 1985-03-12", PiiEntityType.DateOfBirth, "1985-03-12");
        Assert.Empty(Found("The release shipped on 2024-03-12."));
        Assert.Empty(Found("Meeting on 12 March 1985 about the merger."));
    }

    [Theory]
    [InlineData("1600 Pennsylvania Avenue NW, Washington, DC 20500")]
    [InlineData("221B Baker Street, London NW1 6XE")]
    [InlineData("Hauptstraße 5, 10115 Berlin")]
    [InlineData("Berliner Straße 12a, 60311 Frankfurt am Main")]
    [InlineData("15 rue de la Paix, 75002 Paris")]
    [InlineData("Keizersgracht 123, 1015 CJ Amsterdam")]
    [InlineData("Corso Vittorio Emanuele II 15, 10121 Torino")]
    [InlineData("Calle de Alcalá 45, 28014 Madrid")]
    [InlineData("Carrer de Balmes, 150, 08008 Barcelona")]
    [InlineData("Avenida da Liberdade, 245, 1250-143 Lisboa")]
    [InlineData("al. Jerozolimskie 65/79, 00-697 Warszawa")]
    [InlineData("ul. Długa 12, Gdańsk")]
    public void Address_CountryFormats_Found(string address) => AssertFinds($"Send it to {address}, thanks.", PiiEntityType.Address, address);

    [Theory]
    [InlineData("Calle Mayor is busy; the Plaza Mayor has 237 balconies.")]
    [InlineData("Via Appia was 560 km long; Rua Augusta has 2 arches.")]
    [InlineData("Version 1100-053 of the Lisboa build, order 28014 from Madrid.")]
    public void Address_StreetWordsWithoutPostcode_Ignored(string text) => Assert.DoesNotContain(Found(text), f => f.Type == PiiEntityType.Address);

    [Theory]
    [InlineData("Priya Sharma approved the budget.", "Priya Sharma")]
    [InlineData("I sent it to Kwame Mensah yesterday.", "Kwame Mensah")]
    [InlineData("Ask Jean-Pierre Dubois about it.", "Jean-Pierre Dubois")]
    [InlineData("The file is with Hiroshi Tanaka now.", "Hiroshi Tanaka")]
    [InlineData("Was Ana María López informed?", "Ana María López")]
    [InlineData("Maria van der Berg joined.", "Maria van der Berg")]
    public void Person_KnownNamesWithoutCue_Found(string text, string name) => AssertFinds(text, PiiEntityType.Person, name);

    [Theory]
    [InlineData("Dr. Quarshie will call.", "Quarshie")]
    [InlineData("My name is Eluned Pennyfeather.", "Eluned Pennyfeather")]
    [InlineData("Dear Tamsin,", "Tamsin")]
    public void Person_UnknownNamesWithTitleOrCue_Found(string text, string name) => AssertFinds(text, PiiEntityType.Person, name);

    [Theory]
    [InlineData("Grace period ends in May.")]
    [InlineData("Will it rain in Paris?")]
    [InlineData("Visual Studio Code and Spring Boot are installed.")]
    [InlineData("The New York Times and Morgan Stanley reported it.")]
    [InlineData("Hi, I'm fine.")]
    public void Person_CapitalisedNonNames_Ignored(string text) => Assert.DoesNotContain(Found(text), f => f.Type == PiiEntityType.Person);

    [Theory]
    [InlineData("Order #48213377 shipped on 2024-05-01.")]
    [InlineData("Request id 3f2b9c1e-8a4d-4f6b-9c2e-1a2b3c4d5e6f failed.")]
    [InlineData("sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("Tracking code 1Z999AA10123456784 arrives Thursday.")]
    [InlineData("It costs $1,299.99 or €1.099,00.")]
    [InlineData("Upgrade from 3.11.2 to 3.12.0 before Monday.")]
    [InlineData("for (int i = 0; i < items.Count; i++) { total += items[i].Price; }")]
    public void Traps_NothingFound(string text) => Assert.Empty(Found(text));

    [Fact]
    public void Detect_OverlappingCandidates_StrongerWinsOrderedWithoutOverlap()
    {
        const string Text = "Use postgres://bob:pa55word@db.example.com/x or mail bob@example.com, call +44 20 7946 0958.";
        var matches = Detector.Detect(Text);
        Assert.Equal([PiiEntityType.UrlWithCredentials, PiiEntityType.Email, PiiEntityType.Phone], matches.Select(m => m.Type));
        for (var i = 1; i < matches.Count; i++)
        {
            Assert.True(matches[i].Start >= matches[i - 1].End);
        }
    }

    [Theory]
    [InlineData("Anna")]
    [InlineData("ANNA")]
    [InlineData("anna")]
    [InlineData("ŞAHIN")]
    [InlineData("şahin")]
    [InlineData("ÉLODIE")]
    public void WordSet_MayContain_NeverTurnsAwayAMember(string word)
    {
        var set = WordSet.Of("Anna", "Şahin", "Élodie");
        Assert.True(set.Contains(word), "contains");
        Assert.True(set.MayContain(word), "may contain");
        Assert.False(set.MayContain("Zebedee") && set.Contains("Zebedee"));
    }

    [Fact]
    public void Context_CueWordNear_RaisesScore()
    {
        var words = WordSet.Of("phone");
        const string Text = "my phone is 12345";
        Assert.True(Context.Near(Text, 12, 17, words));
        Assert.Equal(0.65, Context.Score(Text, 12, 17, words, 0.3), 3);
        Assert.Equal(0.3, Context.Score("my number is 12345", 13, 18, words, 0.3), 3);
    }
}
