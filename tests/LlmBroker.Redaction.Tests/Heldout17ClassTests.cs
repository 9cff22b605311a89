using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the seventeenth corpus, each in both directions with sentences of its own: published sample
/// card numbers in test data, service integration keys, nine-digit numbers written 3-3-3, numbers named by a compound or a
/// phrase in more languages, phone labels before a number, a command's output, form field names, greetings before a
/// title, companies with their legal form, Nordic sign-offs, more name keys and Greek waterfront streets.
/// </summary>
public sealed class Heldout17ClassTests
{
    [Theory]
    [InlineData("4000000000000002", true)]
    [InlineData("4242424242424242", true)]
    [InlineData("5555555555554444", true)]
    [InlineData("4520173609188436", false)]
    public void IsTestNumber_RecognisesPublishedSampleLayouts(string digits, bool sample) =>
        Assert.Equal(sample, CreditCardRecognizer.IsTestNumber(digits));

    [Fact]
    public void SampleCardInTestData_NotCard() =>
        Assert.Empty(Detected.Of(PiiEntityType.CreditCard, "Sandbox cases for the checkout: | 1 | 4000 0000 0000 0002 | declined |"));

    [Fact]
    public void SampleCardOutsideTestData_StillCard() =>
        Assert.Equal(["4242 4242 4242 4242"], Detected.Of(PiiEntityType.CreditCard, "Please charge my card 4242 4242 4242 4242 tomorrow."));

    [Fact]
    public void IntegrationKeyUnderRoutingKey_Secret_BrokerRoutingKeyNot()
    {
        Assert.Equal(["9a41c7e25b0d4f8a93e6c1d7b2f05a8e"], Detected.Of(PiiEntityType.Secret, "pagerduty_configs:\n  - routing_key: 9a41c7e25b0d4f8a93e6c1d7b2f05a8e"));
        Assert.Empty(Detected.Of(PiiEntityType.Secret, "exchange: billing\nrouting_key: invoices.paid.v3"));
    }

    [Theory]
    [InlineData("Pablo: es 644 219 508, se llama Andrés", "644 219 508")]
    [InlineData("DID +65 6438 2217 | HP 9183 4402 UEN 201855120K", "9183 4402")]
    public void PhoneWrittenThreeByThreeOrAfterPhoneLabel_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Pozycja: 8 szt., nr katalogowy 0 986 452 117, cena netto 420,00 zł.")]
    [InlineData("Adószám 12418290-2-41, cégjegyzékszám 01-09-552417, szállítás jövő héten.")]
    [InlineData("Corporate number 法人番号 7010401022916 on the invoice.")]
    [InlineData("Número de contribuinte 508 227 441, encomenda 2025/0112.")]
    [InlineData("$ aws sts get-caller-identity --query Account --output text\n552290417719")]
    public void NumberNamedAsAnotherKindOrCommandOutput_NotPhone(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Guten Tag Herr Wendt, zu unserer Rechnung melde ich mich.", "Wendt")]
    [InlineData("Hej Lars,\nlönen betalas i morgon.\n/Annika Berglund", "Annika Berglund")]
    [InlineData("Deponent: Haskell Pruitt, DOB 03/11/1969", "Haskell Pruitt")]
    public void NamesAfterGreetingTitleSlashOrKey_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("Antrag\nName, Vorname: Leitner, Theresa", "Vorname")]
    [InlineData("Company: Cahaya Timur Sdn Bhd\nPhone: +60 3-2283 4417", "Timur Sdn Bhd")]
    [InlineData("Agenda\n1. Welcome and Introductions\n2. Budget", "Introductions")]
    [InlineData("WhatsApp – Familia Ortega\n[14/03, 19:02] Lucía Ortega: hola", "Familia Ortega")]
    public void FieldNamesCompaniesHeadingsAndGroups_NotPersons(string text, string notName) =>
        Assert.DoesNotContain(notName, Detected.Of(PiiEntityType.Person, text));

    [Fact]
    public void GreekWaterfrontStreet_Address() =>
        Assert.Contains("Akti Kondyli 12, 185 45 Piraeus", Detected.Of(PiiEntityType.Address, "Aegean Marine Supplies\nAkti Kondyli 12, 185 45 Piraeus\nTel. +30 210 411 2290"));
}
