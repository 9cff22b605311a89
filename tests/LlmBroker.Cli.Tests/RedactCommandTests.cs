using System.Text.Json;
using LlmBroker.Cli.Infrastructure;

namespace LlmBroker.Cli.Tests;

public sealed class RedactCommandTests
{
    [Fact]
    public async Task Redact_JsonlOnStdin_OneLinePerInputWithPlaceholdersAndBadLinesReported()
    {
        using var cli = new CliHarness
        {
            Input = string.Join('\n',
                """{"text": "Mail anna.schmidt@example.de, then anna.schmidt@example.de again, or bob@example.com. Call +44 20 7946 0958."}""",
                "{not json",
                """{"prompt": "no text field"}""",
                """{"text": 42}""",
                "",
                """{"text": "Order 48213377 shipped on 2024-05-01."}"""),
        };

        var exit = await cli.RunAsync("redact");

        Assert.Equal(ExitCodes.Failed, exit);
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(1, first.RootElement.GetProperty("line").GetInt32());
        Assert.Equal("Mail <EMAIL_1>, then <EMAIL_1> again, or <EMAIL_2>. Call <PHONE_1>.", first.RootElement.GetProperty("text").GetString());
        var entities = first.RootElement.GetProperty("entities").EnumerateArray().ToList();
        Assert.Equal(["EMAIL", "EMAIL", "EMAIL", "PHONE"], entities.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(5, entities[0].GetProperty("start").GetInt32());
        Assert.Equal(5 + "anna.schmidt@example.de".Length, entities[0].GetProperty("end").GetInt32());
        Assert.All(entities, e => Assert.InRange(e.GetProperty("score").GetDouble(), 0.5, 1.0));
        Assert.DoesNotContain("anna.schmidt", cli.Output, StringComparison.Ordinal);

        using var last = JsonDocument.Parse(lines[1]);
        Assert.Equal(6, last.RootElement.GetProperty("line").GetInt32());
        Assert.Equal("Order 48213377 shipped on 2024-05-01.", last.RootElement.GetProperty("text").GetString());
        Assert.Empty(last.RootElement.GetProperty("entities").EnumerateArray());

        var errors = cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, errors.Length);
        Assert.StartsWith("line 2: invalid JSON", errors[0], StringComparison.Ordinal);
        Assert.Equal("line 3: missing \"text\" field", errors[1]);
        Assert.Equal("line 4: \"text\" must be a string", errors[2]);
    }

    [Fact]
    public async Task Redact_PlainTextOnStdin_OneResultForTheWholeText()
    {
        using var cli = new CliHarness { Input = "Dear Priya Sharma,\nyour card 4111 1111 1111 1111 was charged.\n" };

        var exit = await cli.RunAsync("redact");

        Assert.Equal(ExitCodes.Ok, exit);
        var lines = cli.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var result = Assert.Single(lines);
        using var doc = JsonDocument.Parse(result);
        Assert.False(doc.RootElement.TryGetProperty("line", out _));
        Assert.Equal("Dear <PERSON_1>,\nyour card <CREDIT_CARD_1> was charged.", doc.RootElement.GetProperty("text").GetString());
        Assert.Empty(cli.Error);
    }

    [Fact]
    public async Task Redact_UnknownFormat_UsageError()
    {
        using var cli = new CliHarness();

        var exit = await cli.RunAsync("redact", "--format", "xml");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--format must be one of", cli.Error + cli.Output, StringComparison.Ordinal);
    }
}
