using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the thirteenth and fourteenth corpora, each in both directions with sentences of its own:
/// numbers in a numbering plan since replaced, phone cue words in more languages, passwords named in more languages or given
/// after a yes-word, and cue words for an address kept to their own sentence.
/// </summary>
public sealed class Heldout14ClassTests
{
    [Theory]
    [InlineData("Our Ikeja branch landline is +234 1 792 0415 on weekdays.", "+234 1 792 0415")]
    [InlineData("The Abuja desk answers on +234 9 461 3372 after noon.", "+234 9 461 3372")]
    [InlineData("Leave a message at +234 201 792 0415 if the line is busy.", "+234 201 792 0415")]
    public void NigerianLandlineInFormerOrCurrentPlan_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("+234 1 792 0415", true)]
    [InlineData("+52 1 33 1876 5520", true)]
    [InlineData("+234 803 551 2274", false)]
    [InlineData("+44 20 7946 0321", false)]
    [InlineData("0803 551 2274", false)]
    public void InCurrentPlan_RewritesOnlyFormerLayouts(string candidate, bool rewritten) =>
        Assert.Equal(rewritten, PhoneRecognizer.InCurrentPlan(candidate) is not null);

    [Theory]
    [InlineData("mój stacjonarny 22 514 37 80 działa tylko rano", "22 514 37 80")]
    [InlineData("Reception is 01 872 3301 and they will buzz you in.", "01 872 3301")]
    [InlineData("14:02 inbound from Carla Benítez, 987 226 514 — asked for the invoice", "987 226 514")]
    public void PhoneNamedByCueWordInOtherLanguagesOrCallLog_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("numer faktury 604 218 937 z dnia 12 marca")]
    [InlineData("outbound shipment count: 22 pallets of 480 units")]
    [InlineData("Reception opens at 08:30 on weekdays, room 214.")]
    public void CueWordNamingAnotherNumber_NotPhone(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Gästnätet heter Fjord-Guest, lösenord Blåbär#7731 om du behöver det.", "Blåbär#7731")]
    [InlineData("Het wachtwoord is Tulpen2024! voor de gastenwifi.", "Tulpen2024!")]
    [InlineData("Router v kanceláři, heslo: Javor!4482, neměň ho", "Javor!4482")]
    public void PasswordNamedInOtherLanguages_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("Har du glömt ditt lösenord? Klicka på länken i mejlet.")]
    [InlineData("Het wachtwoord moet minstens twaalf tekens hebben.")]
    [InlineData("Změňte heslo do pátku, prosím.")]
    public void PasswordWordInProse_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("Marc: tu as le mot de passe du serveur de test partagé ?\nInès: oui : Garrigue!7305 pour l'instant", "Garrigue!7305")]
    [InlineData("Tom: what's the password for the staging box again?\nMia: yes, Harbor#Lamp92 until Friday", "Harbor#Lamp92")]
    public void ChatAnswerAfterYesWord_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("Marc: tu as le mot de passe du serveur de test partagé ?\nInès: oui : je te l'envoie par SMS")]
    [InlineData("Tom: did you reset the password for the staging box?\nMia: yes, done this morning")]
    public void YesWithoutPasswordLikeAnswer_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("The office uplink sits in the NAT range. If 52.17.204.9 is the old bastion, drop it.", "52.17.204.9")]
    [InlineData("allowlist = [\"10.20.0.0/16\", \"52.17.204.9\"] next to the office range? Then 52.17.204.9 must go.", "52.17.204.9")]
    public void AddressInSentenceAfterOneNamingARange_Found(string text, string ip) =>
        Assert.Contains(ip, Detected.Of(PiiEntityType.IpAddress, text));

    [Theory]
    [InlineData("worker pool: # runner-b, image 5.21.3.2 pulled from the registry")]
    [InlineData("deploy the tag 3.14.2.7 to canary first")]
    public void ImageOrTagVersion_NotAddress(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.IpAddress, text));
}
