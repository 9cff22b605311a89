using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Tests;

/// <summary>Names marked by structure (name keys, name columns, chat speakers), second mentions, greetings and honorifics; and their look-alikes.</summary>
public sealed class StructuredNameTests
{
    private static readonly PiiDetector Detector = new();

    private static List<string> People(string text) =>
        [.. Detector.Detect(text).Where(m => m.Type == PiiEntityType.Person).Select(m => text.Substring(m.Start, m.Length))];

    [Theory]
    [InlineData("{\"id\": 7, \"full_name\": \"Odalys Quenneville\", \"plan\": \"gold\"}", "Odalys Quenneville")]
    [InlineData("assignee: Brannagh Illingworth\npriority: high", "Brannagh Illingworth")]
    [InlineData("Nachname: Pfannenstiel\nVorname: Theresia", "Pfannenstiel")]
    [InlineData("Apellidos: Zubizarreta Olano\nCiudad: Bilbao", "Zubizarreta Olano")]
    [InlineData("Employee: Corwin DeMarco, desk 4", "Corwin DeMarco")]
    [InlineData("N:Wattanakul;Pimchanok;;;\nFN:Pimchanok Wattanakul", "Wattanakul")]
    [InlineData("N:Wattanakul;Pimchanok;;;\nFN:Pimchanok Wattanakul", "Pimchanok Wattanakul")]
    [InlineData("Nom: Vandermeulen, Gaëtane\nVille: Liège", "Vandermeulen, Gaëtane")]
    public void Person_ValueUnderNameKey_Found(string text, string name) => Assert.Contains(name, People(text));

    [Theory]
    [InlineData("id,first_name,last_name,plan\n17,Oriel,Tasker-Bligh,gold\n18,Ysolde,Quarrington,free", "Quarrington")]
    [InlineData("id,first_name,last_name,plan\n17,Oriel,Tasker-Bligh,gold\n18,Ysolde,Quarrington,free", "Oriel")]
    [InlineData("badge\tcontact\tfloor\nB-12\tMirela Dragomirescu\t3", "Mirela Dragomirescu")]
    public void Person_CellOfNameColumn_Found(string text, string name) => Assert.Contains(name, People(text));

    [Theory]
    [InlineData("Tindra: did the courier come?\nTindra: never mind\nOskar: it came at 9", "Tindra")]
    [InlineData("[10:02] Ilse Vermeulen: deploy done\n[10:03] Ruud: thanks", "Ilse Vermeulen")]
    [InlineData("[Odalys Ferreira] the office moved\n[Bruno] ok, noted", "Odalys Ferreira")]
    public void Person_ChatSpeaker_Found(string text, string name) => Assert.Contains(name, People(text));

    [Theory]
    [InlineData("Present: Kwon Ha-eun, Lisette Ombredane.\n1. Kwon to book the room.", 2)]
    [InlineData("Contact Ailbhe Rourke for keys. Ailbhe is in on Mondays.", 2)]
    public void Person_SecondMentionOfFoundName_Found(string text, int mentions) =>
        Assert.Equal(mentions, People(text).Count(p => p is "Kwon" or "Kwon Ha-eun" or "Ailbhe" or "Ailbhe Rourke"));

    [Theory]
    [InlineData("Hola Leandro,\n\nTe mando el plano.", "Leandro")]
    [InlineData("Merhaba Kerem Bey,\n\nKargo yolda.", "Kerem")]
    public void Person_AfterGreetingOrBeforeHonorific_FoundWithoutThem(string text, string name) => Assert.Equal([name], People(text));

    [Theory]
    [InlineData("Hi Rosalind,\n\nSorry for the delay on the drawings.", "Sorry")]
    [InlineData("Hola Inés,\n\nPara la fianza usa la cuenta nueva.", "Para")]
    [InlineData("New patient registration\nSurname: Karamanlis\nAddress: see file", "Surname")]
    [InlineData("Firma: Brenner Metallbau GmbH\nAnsprechpartner: Lukas Brenner", "Brenner")]
    [InlineData("[Interface]\nAddress = 10.66.0.2/32\n[Peer] PublicKey = abc", "Peer")]
    [InlineData("Contact: Anna Berg\nNote: Prefers mornings\nOffice: Lund", "Note")]
    [InlineData("owner: Platform Team\nsla: gold", "Platform Team")]
    public void Person_LookAlike_NotFound(string text, string notName) => Assert.DoesNotContain(notName, People(text));
}
