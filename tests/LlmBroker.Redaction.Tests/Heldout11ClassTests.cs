using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>The classes of text tuned on the eleventh held-out corpus, each in both directions, on texts of their own.</summary>
public sealed class TextRegionClassTests
{
    [Theory]
    [InlineData("Our desk is +45 70 20 30 40; after hours try Lars on 42 18 77 05 instead.", "42 18 77 05")]
    [InlineData("Front office +65 6221 7788, or grab Hui Min on 8123 5566 tonight.", "8123 5566")]
    [InlineData("Η γραμματεία: +30 231 055 6120, ο Νίκος 697 221 4408 μετά τις 5.", "697 221 4408")]
    [InlineData("Dane kontaktowe: 512 903 448, biuro@drukarnia-gdynia.pl, do 16:00.", "512 903 448")]
    public void NationalNumberOfARegionTheTextNames_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Our desk is 70 20 30 40 and Lars is on 42 18 77 05 after hours.", "42 18 77 05")]
    [InlineData("Ticket batch 8123 5566 closed; next batch 8123 5567.", "8123 5566")]
    [InlineData("Desk +45 70 20 30 40. Invoice total 4218770, see the attached sheet.", "4218770")]
    public void DigitsWithoutARegionOrTheRegionsGrouping_NotPhone(string text, string digits) =>
        Assert.DoesNotContain(digits, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("ring +45 33 12 48 90 or mail kontor@firma.dk", new[] { "DK" })]
    [InlineData("office +65 6221 7788, cc ops@example.com.sg, +1 415 555 0100", new[] { "SG", "US" })]
    [InlineData("jan@firma.co.uk and +44 20 7946 0018", new[] { "GB" })]
    [InlineData("score +5 points, mail me@example.com, version 1.2+", new string[0])]
    public void TextRegions_ReadsCountryCodesAndDomains(string text, string[] expected) =>
        Assert.Equal(expected, PhoneRecognizer.TextRegions(text));

    [Theory]
    [InlineData("CVR-nr. 31 41 59 26. Ring til os.", 8, true)]
    [InlineData("Tel 31 41 59 26 ring us", 4, false)]
    [InlineData("Tel 31 41 59 26", 4, false)]
    public void EndsSentence_OnlyAStopAndABlank(string text, int start, bool expected) =>
        Assert.Equal(expected, PhoneRecognizer.EndsSentence(text, start + "31 41 59 26".Length));

    [Fact]
    public void PhoneCue_WordAfterASentenceEnd_DoesNotNameTheNumber()
    {
        var recognizer = new PhoneRecognizer(["US", "GB", "DE", "FR"]);
        PhoneFeatures Features(string text)
        {
            var start = text.IndexOf("31 41 59 26", StringComparison.Ordinal);
            return recognizer.ContextFeatures(text, start, start + 11, "31 41 59 26".AsSpan(), 8);
        }

        Assert.False(Features("Reference 31 41 59 26. Call us tomorrow.").PhoneCue);
        Assert.True(Features("Reference 31 41 59 26 call us tomorrow.").PhoneCue);
    }
}
