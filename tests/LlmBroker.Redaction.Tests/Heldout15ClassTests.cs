using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// The classes of error read on the fifteenth corpus, each in both directions with sentences of its own: identifiers named
/// by an acronym in any script or by a compound ending in a word for "number", codes keyed in on a dial pad, chat speakers
/// after a channel tag or in brackets, names in list values, quoted "Surname, Given" cells and surnames opened by a
/// particle, names written with accents the lists spell without, titles and greetings of more languages, and passwords told
/// as changed.
/// </summary>
public sealed class Heldout15ClassTests
{
    [Theory]
    [InlineData("Dane do faktury: REGON firmy: 380-114-27-56, termin 14 dni.")]
    [InlineData("Datos fiscales: NIT proveedor 830.512.447-3 (régimen común).")]
    [InlineData("Στοιχεία: ΑΦΜ 094412873, ΔΟΥ Αθηνών.")]
    [InlineData("Fakturační údaje: IČO 25596641, DIČ CZ25596641.")]
    [InlineData("Handelsregister: Vereinsnummer 0455.337.812 seit 2011.")]
    [InlineData("Bestellung über Lieferantennr. 0 221 504 118 abgerechnet.")]
    [InlineData("Join with conference code 5531 8820# from any handset.")]
    public void IdentifierNamedByLabel_NotPhone(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Bei Fragen: Telefonnummer 030 4471 2290, Mo–Fr.", "030 4471 2290")]
    [InlineData("Sie erreichen uns unter 0221 / 93 44 71 0 oder per Mail.", "0221 / 93 44 71 0")]
    [InlineData("Kundentelefonnummer 089 2180 4417 (werktags).", "089 2180 4417")]
    [InlineData("Hubungi WA saya 0813-2207-4416 kalau ada kendala.", "0813-2207-4416")]
    public void PhoneNamedByCompoundOrVerb_Found(string text, string phone) =>
        Assert.Contains(phone, Detected.Of(PiiEntityType.Phone, text));

    [Theory]
    [InlineData("Ondernemingsnummer", true)]
    [InlineData("Vertragsnummer", true)]
    [InlineData("delenr", true)]
    [InlineData("사업자등록번호", true)]
    [InlineData("Telefonnummer", false)]
    [InlineData("Rückrufnummer", false)]
    [InlineData("Faxnummer", false)]
    [InlineData("전화번호", false)]
    [InlineData("number", false)]
    public void IsReferenceCompound_NamesNonPhoneNumbers(string word, bool reference) =>
        Assert.Equal(reference, PhoneRecognizer.IsReferenceCompound(word));

    [Theory]
    [InlineData("[support] Hannah: the refund went through\n[support] Marcus: thanks, closing the ticket", "Marcus")]
    [InlineData("<Ottavia> who has the keys to the archive?\n<Brennan> I do, until six", "Ottavia")]
    [InlineData("[11:04] Saoirse : le serveur est reparti\n[11:05] Gwenaël Le Bihan : merci", "Gwenaël Le Bihan")]
    [InlineData("Dov: can you take the 3pm call?\nIngrid: sure\nDov: thanks", "Dov")]
    public void ChatSpeakers_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("SSN: 602-17-3318\nSpouse SSN: 602-17-4405\nSpouse: pending")]
    [InlineData("Candidate: pending review\nCandidate: withdrawn")]
    [InlineData("HR Team: please submit timesheets\nIT Desk: closed Friday")]
    public void FormLabels_NotSpeakers(string text)
    {
        var found = Detected.Of(PiiEntityType.Person, text);
        Assert.DoesNotContain("SSN", found);
        Assert.DoesNotContain("Spouse", found);
        Assert.DoesNotContain("Candidate", found);
        Assert.DoesNotContain("HR Team", found);
    }

    [Theory]
    [InlineData("{\"ticket\": \"T-4471\", \"watchers\": [], \"reviewers\": [\"Oona Castellanos\", \"Teodor Brandt\"]}", "Teodor Brandt")]
    [InlineData("\"Surname, Given\",team\n\"Achterberg, Femke\",ops\n\"Quintero Salas, Ximena\",finance", "Quintero Salas, Ximena")]
    [InlineData("customer_id;first_name;last_name\n7;Joost;van der Wiel\n8;Alba;de la Serna", "van der Wiel")]
    [InlineData("vezetéknév\tkeresztnév\tváros\nKertész\tDóra\tPécs", "Kertész")]
    public void NamesInStructuredRecords_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("{\"labels\": [\"Billing Portal\", \"Urgent\"], \"reviewers\": [\"QA\", \"n/a\"]}")]
    [InlineData("city;last_name;status\nLeeds;de la;open")]
    public void NotNamesInStructuredRecords_NotFound(string text)
    {
        var found = Detected.Of(PiiEntityType.Person, text);
        Assert.DoesNotContain("Billing Portal", found);
        Assert.DoesNotContain("QA", found);
        Assert.DoesNotContain("de la", found);
    }

    [Theory]
    [InlineData("Contact: Trần Thị Ngọc Ánh (procurement)", "Trần Thị Ngọc Ánh")]
    [InlineData("Szanowny Pan Mirosław Kędzierski, dziękujemy za zamówienie.", "Mirosław Kędzierski")]
    [InlineData("Shalom Tamar, the documents are ready.", "Tamar")]
    [InlineData("Thanks for the update.\n\nSalam,\nDewi Anggraini", "Dewi Anggraini")]
    public void NamesWithAccentsTitlesAndGreetingsOfMoreLanguages_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("Nguyễn", true)]
    [InlineData("Đức", true)]
    [InlineData("Łukasz", true)]
    [InlineData("Thị", true)]
    [InlineData("Ñandú", false)]
    public void WordSetWithFoldedMarks_FindsAccentedSpellingsOfListedNames(string word, bool found)
    {
        var set = new WordSet(["Nguyen", "Duc", "Lukasz", "Thi"], foldMarks: true);
        Assert.Equal(found, set.Contains(word));
        Assert.False(new WordSet(["Nguyen"]).Contains("Nguyễn"));
    }

    [Theory]
    [InlineData("the staging DB password changed again, it's now Marula!Fig-2291", "Marula!Fig-2291")]
    [InlineData("le mot de passe du wifi a changé, c'est Cassis-Pomme-48 depuis lundi", "Cassis-Pomme-48")]
    [InlineData("La red de invitados tiene la clave lluvia2025! hasta el viernes.", "lluvia2025!")]
    public void PasswordToldAsChanged_Found(string text, string secret) =>
        Assert.Contains(secret, Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("The password changed last week, it's now stored in the vault.")]
    [InlineData("La clave del éxito es la constancia.")]
    [InlineData("Le mot de passe a changé, c'est normal après la migration.")]
    public void PasswordChangeWithoutValue_NotSecret(string text) =>
        Assert.Empty(Detected.Of(PiiEntityType.Secret, text));

    [Theory]
    [InlineData("Si no contesta nadie, pregunta por Anselmo Quispe en recepción.", "Anselmo Quispe")]
    [InlineData("Per la consegna chiedi di Ornella Bassani al magazzino.", "Ornella Bassani")]
    [InlineData("Grüezi Herr Zwahlen, die Offerte ist unterwegs.", "Zwahlen")]
    public void PersonAskedForOrGreeted_Found(string text, string name) =>
        Assert.Contains(name, Detected.Of(PiiEntityType.Person, text));

    [Theory]
    [InlineData("At the front desk, ask for Customer Service and show the receipt.")]
    [InlineData("Agenda\n1. Welcome\n2. Regional Sales Director Update\n3. Chief Financial Officer Outlook")]
    public void HeadingsAndServicesAskedFor_NotPersons(string text)
    {
        var found = Detected.Of(PiiEntityType.Person, text);
        Assert.DoesNotContain("Customer Service", found);
        Assert.DoesNotContain("Regional Sales Director", found);
        Assert.DoesNotContain("Outlook", found);
    }
}
