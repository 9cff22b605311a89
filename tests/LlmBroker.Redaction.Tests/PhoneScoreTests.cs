using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;
using PhoneNumbers;

namespace LlmBroker.Redaction.Tests;

public sealed class PhoneScoreTests
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private static PhoneFeatures Context(string text, string number)
    {
        var start = text.IndexOf(number, StringComparison.Ordinal);
        var digits = number.Count(char.IsAsciiDigit);
        return new PhoneRecognizer(["US", "GB", "DE", "FR"]).ContextFeatures(text, start, start + number.Length, number.AsSpan(), digits);
    }

    [Theory]
    [InlineData("06 98 76 54 32", "FR", true)]
    [InlineData("+44 7700 900318", "GB", true)]
    [InlineData("+44 7700 900 318", "GB", true)]
    [InlineData("0698 765 432", "FR", false)]
    public void MatchesStandardGrouping_BothDirections(string written, string region, bool expected) =>
        Assert.Equal(expected, PhoneRecognizer.MatchesStandardGrouping(written, Util.Parse(written, region)));

    [Fact]
    public void PhoneCue_PhoneWordBefore_SetOnlyWithTheWord()
    {
        Assert.True(Context("Call me on 0170 3456789", "0170 3456789").PhoneCue);
        Assert.False(Context("It weighs 0170 3456789", "0170 3456789").PhoneCue);
    }

    [Fact]
    public void ReferenceNamesIt_ReferenceWordBefore_SetOnlyWithTheWord()
    {
        Assert.True(Context("Order 0170 3456789 shipped", "0170 3456789").ReferenceNamesIt);
        Assert.False(Context("Phone 0170 3456789 works", "0170 3456789").ReferenceNamesIt);
    }

    [Fact]
    public void YearPrefixed_YearThenDash_SetOnlyForAYear()
    {
        Assert.True(Context("award 2024-448213.", "2024-448213").YearPrefixed);
        Assert.False(Context("call 2124-448213.", "2124-448213").YearPrefixed);
    }

    [Fact]
    public void AfterNumberSign_SignWithoutPhoneWord_SetOnlyThen()
    {
        Assert.True(PhoneRecognizer.AfterNumberSign("Contratto n. 3302871", 13));
        Assert.False(PhoneRecognizer.AfterNumberSign("Tel. no. 3302871", 9));
    }

    [Fact]
    public void PartOfSomethingElse_AmountOrIdentifier_SetOnlyThen()
    {
        Assert.True(Context("total 0170 3456789 EUR", "0170 3456789").PartOfSomethingElse);
        Assert.False(Context("ring 0170 3456789 now", "0170 3456789").PartOfSomethingElse);
    }

    [Fact]
    public void Of_WeightedSum_CuesRaiseAndReferencesLower()
    {
        var valid = new PhoneFeatures { Validity = PhoneValidity.ValidNational, KnownType = true, GroupedLong = true };
        Assert.True(PhoneScore.Of(valid) >= 0.5);
        Assert.True(PhoneScore.Of(valid with { PhoneCue = true }) > PhoneScore.Of(valid));
        Assert.True(PhoneScore.Of(valid with { ReferenceNamesIt = true }) < 0.5);
        Assert.True(PhoneScore.Of(valid with { OddGrouping = true }) < 0.5);
        Assert.Equal(0, PhoneScore.Of(valid with { Validity = PhoneValidity.None }));
    }

    [Theory]
    [InlineData("inet 192.168.50.14/24 brd 192.168.50.255 scope global", "192.168.50.255")]
    [InlineData("# nginx 1.25.3.1 build 20240214", "1.25.3.1")]
    public void IpAddress_BroadcastOrVersion_NotReported(string text, string value) =>
        Assert.DoesNotContain(value, Detected.Of(PiiEntityType.IpAddress, text));

    [Fact]
    public void IpAddress_HostBesideBroadcast_StillReported() =>
        Assert.Contains("192.168.50.14", Detected.Of(PiiEntityType.IpAddress, "inet 192.168.50.14/24 brd 192.168.50.255 scope global"));
}
