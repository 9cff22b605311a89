using LlmBroker.Contracts.V1;
using LlmBroker.Validation.Internal;
using Microsoft.Extensions.Options;

namespace LlmBroker.Validation.Tests;

public sealed class OutputValidatorTests
{
    private const string PersonSchema = """
        {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0}},"required":["name","age"],"additionalProperties":false}
        """;

    [Fact]
    public void Validate_JsonSchemaSatisfied_Passes()
    {
        var report = Validate("""{"name":"Ada","age":36}""", Schema(PersonSchema));

        Assert.True(report.Passed);
        Assert.Equal([ValidationChecks.JsonObject, ValidationChecks.JsonSchema], report.ChecksRun);
    }

    [Fact]
    public void Validate_JsonSchemaViolated_FailsWithEveryViolation()
    {
        var report = Validate("""{"name":"Ada","age":-1,"extra":true}""", Schema(PersonSchema));

        Assert.Equal([ValidationChecks.JsonSchema], report.ChecksFailed);
        Assert.Contains(report.Problems, p => p.Contains("/age", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Contains("extra", StringComparison.Ordinal) || p.Contains("additional", StringComparison.OrdinalIgnoreCase));
        Assert.True(report.Repairable);
    }

    [Fact]
    public void Validate_JsonSchemaMissingProperty_Fails()
    {
        var report = Validate("""{"name":"Ada"}""", Schema(PersonSchema));

        Assert.Equal([ValidationChecks.JsonSchema], report.ChecksFailed);
        Assert.Contains(report.Problems, p => p.Contains("age", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_JsonSchemaButNotJson_FailsBothJsonChecks()
    {
        var report = Validate("Sure! Here is the JSON: {\"name\": \"Ada\"}", Schema(PersonSchema));

        Assert.Equal([ValidationChecks.JsonObject, ValidationChecks.JsonSchema], report.ChecksFailed);
        Assert.Contains("not valid JSON", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidSchemaInRequest_NotRepairable()
    {
        var report = Validate("{}", Schema("""{"type": 12}"""));

        Assert.False(report.Passed);
        Assert.False(report.Repairable);
        Assert.Equal([ValidationChecks.Rules], report.ChecksFailed);
    }

    [Theory]
    [InlineData("""{"a":1}""", true)]
    [InlineData("""[1,2]""", false)]
    [InlineData("""{"a":1""", false)]
    [InlineData("""```json\n{"a":1}\n```""", false)]
    public void Validate_JsonMode_OnlyAnObjectPasses(string output, bool passes)
    {
        var request = Request();
        request.ResponseFormat = new ResponseFormat { Type = ResponseFormat.Types.Type.JsonObject };

        var report = Validate(output.Replace("\\n", "\n", StringComparison.Ordinal), request);

        Assert.Equal([ValidationChecks.JsonObject], report.ChecksRun);
        Assert.Equal(passes, report.Passed);
    }

    [Fact]
    public void Validate_TextFormatWithoutRules_RunsNothing()
    {
        var report = Validate("anything at all", Request());

        Assert.True(report.Passed);
        Assert.Empty(report.ChecksRun);
    }

    [Fact]
    public void Validate_LongerThanMaxLength_Fails()
    {
        var request = Rules(r => r.MaxLength = 10);

        Assert.True(Validate("short", request).Passed);
        var report = Validate("this is far too long", request);
        Assert.Equal([ValidationChecks.MaxLength], report.ChecksFailed);
        Assert.Contains("20 characters; at most 10", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RequestMaxLengthAboveAppLimit_AppLimitStillHolds()
    {
        var options = new ValidationOptions();
        options.Apps["tests"] = new OutputRuleOptions { MaxLength = 5 };
        var request = Rules(r => r.MaxLength = 100);

        var report = Validate("six chars", request, options);

        Assert.Equal([ValidationChecks.MaxLength], report.ChecksFailed);
    }

    [Fact]
    public void Validate_RequiredPatternMissing_FailsNamingThePattern()
    {
        var request = Rules(r => r.RequiredPatterns.Add(@"^Answer: \d+$"));

        Assert.True(Validate("Answer: 42", request).Passed);
        var report = Validate("I think it is 42", request);
        Assert.Equal([ValidationChecks.RequiredPatterns], report.ChecksFailed);
        Assert.Contains(@"/^Answer: \d+$/", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ForbiddenPatternPresent_Fails()
    {
        var request = Rules(r => r.ForbiddenPatterns.Add(@"https?://"));

        Assert.True(Validate("see the manual", request).Passed);
        Assert.Equal([ValidationChecks.ForbiddenPatterns], Validate("see http://example.com", request).ChecksFailed);
    }

    [Fact]
    public void Validate_BannedTerm_WholeWordCaseInsensitive()
    {
        var request = Rules(r => r.BannedTerms.Add("guarantee"));

        Assert.True(Validate("results are not guaranteed", request).Passed);
        var report = Validate("We GUARANTEE results", request);
        Assert.Equal([ValidationChecks.BannedTerms], report.ChecksFailed);
        Assert.Contains("'guarantee'", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BannedTermFromAppConfiguration_Fails()
    {
        var options = new ValidationOptions { Default = new OutputRuleOptions { BannedTerms = ["competitor"] } };

        var report = Validate("Ask a competitor instead.", Request(), options);

        Assert.Equal([ValidationChecks.BannedTerms], report.ChecksFailed);
    }

    [Theory]
    [InlineData("I'm sorry, but I can't help with that request.", true)]
    [InlineData("I cannot assist with creating malware.", true)]
    [InlineData("As an AI language model, I cannot browse the internet.", true)]
    [InlineData("I’m unable to provide medical advice.", true)]
    [InlineData("I'm not able to help with that.", true)]
    [InlineData("The capital of France is Paris.", false)]
    [InlineData("You can't go wrong with a good night's sleep.", false)]
    public void Validate_Refusal_DetectedWhenAsked(string output, bool refusal)
    {
        var request = Rules(r => r.DetectRefusal = true);

        var report = Validate(output, request);

        Assert.Equal([ValidationChecks.Refusal], report.ChecksRun);
        Assert.Equal(refusal, !report.Passed);
    }

    [Theory]
    [InlineData("en", "The weather is nice today and we are going to the beach with the children.", true)]
    [InlineData("en", "Das Wetter ist heute schön und wir gehen mit den Kindern an den Strand.", false)]
    [InlineData("de", "Das Wetter ist heute schön und wir gehen mit den Kindern an den Strand.", true)]
    [InlineData("fr", "Il fait beau aujourd'hui et nous allons à la plage avec les enfants pour la journée.", true)]
    [InlineData("es", "Hace buen tiempo hoy y vamos a la playa con los niños para pasar el día.", true)]
    [InlineData("it", "Oggi il tempo è bello e andiamo al mare con i bambini per tutta la giornata.", true)]
    [InlineData("nl", "Het weer is vandaag mooi en we gaan met de kinderen naar het strand.", true)]
    [InlineData("pt", "O tempo está bom hoje e vamos à praia com as crianças para passar o dia.", true)]
    [InlineData("fr", "The weather is nice today and we are going to the beach with the children.", false)]
    [InlineData("de", "OK", true)] // too short to judge: not held against the answer
    public void Validate_ExpectedLanguage(string expected, string output, bool passes)
    {
        var report = Validate(output, Rules(r => r.ExpectedLanguage = expected));

        Assert.Equal([ValidationChecks.Language], report.ChecksRun);
        Assert.Equal(passes, report.Passed);
    }

    [Theory]
    [InlineData("en", "Das Wetter ist heute schön und wir gehen mit den Kindern an den Strand.", "de")]
    [InlineData("en", "Il fait beau aujourd'hui et nous allons à la plage avec les enfants.", "fr")]
    public void LanguageDetector_NamesTheLanguage(string _, string text, string language) =>
        Assert.Equal(language, LanguageDetector.Detect(text));

    [Fact]
    public void Validate_GroundedQuoteAndNumbers_Pass()
    {
        var request = WithSource("The invoice of 1,250.00 EUR is due within 30 days of delivery.");

        var report = Validate("The contract says \u201Cdue within 30 days of delivery\u201D, for 1250 EUR.", request);

        Assert.Equal([ValidationChecks.Grounding], report.ChecksRun);
        Assert.True(report.Passed, report.Error);
    }

    [Fact]
    public void Validate_QuoteNotInSources_FailsQuotingIt()
    {
        var request = WithSource("The invoice is due within 30 days of delivery.");

        var report = Validate("It says \"payment is due immediately\".", request);

        Assert.Equal([ValidationChecks.Grounding], report.ChecksFailed);
        Assert.Contains("\"payment is due immediately\" does not appear", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NumberNotInSources_Fails()
    {
        var request = WithSource("The invoice is due within 30 days of delivery.");

        var report = Validate("The invoice is due within 45 days.", request);

        Assert.Equal([ValidationChecks.Grounding], report.ChecksFailed);
        Assert.Contains("the number 45", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListMarkersAndSourcesByIndex_ListMarkersIgnored()
    {
        var request = Request();
        request.Messages.Insert(0, new ChatMessage { Role = Role.System, Content = "Delivery takes 30 days." });
        request.Validation = new ValidationRules();
        request.Validation.SourceMessageIndexes.Add(0);

        var report = Validate("Summary:\n1. Delivery takes 30 days.\n2. Nothing else.", request);

        Assert.Equal([ValidationChecks.Grounding], report.ChecksRun);
        Assert.True(report.Passed, report.Error);
    }

    [Fact]
    public void Validate_InvalidRequestPattern_NotRepairableAndListsEveryError()
    {
        var request = Rules(r =>
        {
            r.RequiredPatterns.Add("([unclosed");
            r.ExpectedLanguage = "xx";
        });

        var report = Validate("anything", request);

        Assert.False(report.Repairable);
        Assert.Equal(2, report.Problems.Count);
    }

    [Fact]
    public void Validate_SeveralChecksFail_EveryOneReported()
    {
        var request = Rules(r =>
        {
            r.MaxLength = 10;
            r.BannedTerms.Add("sorry");
            r.DetectRefusal = true;
        });

        var report = Validate("I'm sorry, but I can't help with that.", request);

        Assert.Equal([ValidationChecks.MaxLength, ValidationChecks.BannedTerms, ValidationChecks.Refusal], report.ChecksFailed);
        Assert.Equal(3, report.Problems.Count);
    }

    private static ValidationReport Validate(string output, PromptRequest request, ValidationOptions? options = null)
    {
        var validator = new OutputValidator(Options.Create(options ?? new ValidationOptions()));
        return validator.Validate(new ProviderResponse { Status = ResultStatus.Ok, Output = output, Request = new RedactedRequest { Request = request } });
    }

    private static PromptRequest Request()
    {
        var request = new PromptRequest { RequestId = "r1", App = "tests", Model = "m" };
        request.Messages.Add(new ChatMessage { Role = Role.User, Content = "question" });
        return request;
    }

    private static PromptRequest Schema(string schema)
    {
        var request = Request();
        request.ResponseFormat = new ResponseFormat { Type = ResponseFormat.Types.Type.JsonSchema, SchemaName = "person", JsonSchema = schema };
        return request;
    }

    private static PromptRequest Rules(Action<ValidationRules> configure)
    {
        var request = Request();
        request.Validation = new ValidationRules();
        configure(request.Validation);
        return request;
    }

    private static PromptRequest WithSource(string source)
    {
        var request = Request();
        request.Messages.Insert(0, new ChatMessage { Role = Role.User, Name = GroundingChecker.SourceMessageName, Content = source });
        return request;
    }
}
