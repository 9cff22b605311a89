using LlmBroker.Cli.BatchFormat;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Tests;

public sealed class BatchInputReaderTests
{
    private const string Good1 =
        """{"custom_id":"req-1","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}}""";

    private const string Good2 =
        """{"custom_id":"req-2","method":"POST","url":"/v1/chat/completions","body":{"model":"small","messages":[{"role":"user","content":"Yo"}],"max_tokens":5}}""";

    [Fact]
    public void Read_FileWithGoodAndBadLines_ReportsEveryBadLineWithItsNumberAndReason()
    {
        string[] file =
        [
            Good1,                                                                                                  // 1
            "not json",                                                                                             // 2
            "[1,2]",                                                                                                // 3
            """{"method":"POST","url":"/v1/chat/completions","body":{}}""",                                         // 4
            """{"custom_id":"","method":"POST","url":"/v1/chat/completions","body":{}}""",                          // 5
            """{"custom_id":"a","method":"GET","url":"/v1/chat/completions","body":{}}""",                          // 6
            """{"custom_id":"b","method":"POST","url":"/v1/embeddings","body":{}}""",                               // 7
            """{"custom_id":"c","method":"POST","url":"/v1/chat/completions"}""",                                   // 8
            """{"custom_id":"d","method":"POST","url":"/v1/chat/completions","body":{"messages":[{"role":"user","content":"x"}]}}""", // 9
            """{"custom_id":"e","method":"POST","url":"/v1/chat/completions","body":{"model":"m"}}""",               // 10
            """{"custom_id":"f","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"wizard","content":"x"}]}}""", // 11
            """{"custom_id":"g","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}}""", // 12
            "",                                                                                                     // 13 (blank: skipped)
            Good1.Replace("Hi", "Hello again", StringComparison.Ordinal),                                           // 14 duplicate of line 1
            Good2,                                                                                                  // 15
        ];

        var lines = BatchInputReader.Read(new StringReader(string.Join("\n", file))).ToList();

        Assert.Equal([1, 15], lines.Where(l => l.IsValid).Select(l => l.LineNumber));
        var errors = lines.Where(l => !l.IsValid).ToDictionary(l => l.LineNumber, l => l.Error);
        Assert.Equal(12, errors.Count);
        Assert.StartsWith("invalid JSON at byte 1: 'not json' is an invalid", errors[2]);
        Assert.DoesNotContain("LineNumber", errors[2]);
        Assert.Equal("expected a JSON object, got an array", errors[3]);
        Assert.Equal("missing custom_id", errors[4]);
        Assert.Equal("custom_id must be a non-empty string, got ''", errors[5]);
        Assert.Equal("method must be \"POST\", got 'GET'", errors[6]);
        Assert.Equal("url must be \"/v1/chat/completions\", got '/v1/embeddings'", errors[7]);
        Assert.Equal("missing body", errors[8]);
        Assert.Equal("body.model is required", errors[9]);
        Assert.Equal("body.messages is required", errors[10]);
        Assert.Equal("body.messages[0].role must be one of system, developer, user, assistant, tool; got 'wizard'", errors[11]);
        Assert.Equal("body.temperature must be a number between 0 and 2, got 'hot'", errors[12]);
        Assert.Equal("duplicate custom_id 'req-1' (already used on line 1)", errors[14]);
        Assert.Equal("a", lines.Single(l => l.LineNumber == 6).CustomId);
    }

    [Fact]
    public void Read_FullChatCompletionsBody_ConvertsEveryField()
    {
        const string Line = """
            {"custom_id":"full","method":"POST","url":"/v1/chat/completions","body":{
              "model":"gpt-4o",
              "messages":[
                {"role":"developer","content":"Rules."},
                {"role":"system","content":[{"type":"text","text":"Part one."},{"type":"text","text":"Part two."}]},
                {"role":"user","content":"Question?","name":"alice"},
                {"role":"assistant","content":"Answer."},
                {"role":"tool","content":"42","tool_call_id":"call_1"}
              ],
              "max_completion_tokens":300,"max_tokens":100,"temperature":0.2,"top_p":0.9,"seed":12345678901,
              "presence_penalty":-0.5,"frequency_penalty":1.5,"stop":["END","STOP"],
              "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                "schema":{ "type" : "object", "properties": {"a": {"type":"string"}} }}},
              "metadata":{"team":"search","feature":"rerank"},
              "n":1,"stream":false,"user":"ignored"}}
            """;

        var line = Assert.Single(BatchInputReader.Read(new StringReader(Line.ReplaceLineEndings(" "))));

        var expected = new PromptRequest
        {
            CustomId = "full",
            Model = "gpt-4o",
            Messages =
            {
                new ChatMessage { Role = Role.Developer, Content = "Rules." },
                new ChatMessage { Role = Role.System, Content = "Part one.\nPart two." },
                new ChatMessage { Role = Role.User, Content = "Question?", Name = "alice" },
                new ChatMessage { Role = Role.Assistant, Content = "Answer." },
                new ChatMessage { Role = Role.Tool, Content = "42" },
            },
            Params = new GenerationParams
            {
                MaxTokens = 300,
                Temperature = 0.2,
                TopP = 0.9,
                Seed = 12345678901,
                PresencePenalty = -0.5,
                FrequencyPenalty = 1.5,
                Stop = { "END", "STOP" },
            },
            ResponseFormat = new ResponseFormat
            {
                Type = ResponseFormat.Types.Type.JsonSchema,
                SchemaName = "answer",
                Strict = true,
                JsonSchema = """{"type":"object","properties":{"a":{"type":"string"}}}""",
            },
            Tags = { ["team"] = "search", ["feature"] = "rerank" },
        };
        Assert.Null(line.Error);
        Assert.Equal(expected, line.Request);
    }

    [Fact]
    public void Read_MinimalBody_LeavesParamsFormatAndTagsUnset()
    {
        var line = Assert.Single(BatchInputReader.Read(new StringReader(Good1)));

        var request = line.Request!;
        Assert.Equal("req-1", request.CustomId);
        Assert.Null(request.Params);
        Assert.Null(request.ResponseFormat);
        Assert.Empty(request.Tags);
        Assert.Equal("", request.BatchId);
        Assert.Equal(Lane.Unspecified, request.Lane);
        Assert.Equal([Role.System, Role.User], request.Messages.Select(m => m.Role));
    }

    [Theory]
    [InlineData("""{"type":"text"}""", ResponseFormat.Types.Type.Text)]
    [InlineData("""{"type":"json_object"}""", ResponseFormat.Types.Type.JsonObject)]
    public void Read_SimpleResponseFormat_SetsType(string format, ResponseFormat.Types.Type expected)
    {
        var line = ParseBody($$"""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{{format}}}""");

        Assert.Equal(new ResponseFormat { Type = expected }, line.Request!.ResponseFormat);
    }

    [Theory]
    [InlineData("\"stop\":\"###\"", new[] { "###" })]
    [InlineData("\"stop\":[\"a\",\"b\"]", new[] { "a", "b" })]
    [InlineData("\"stop\":null", new string[0])]
    public void Read_Stop_AcceptsStringOrArray(string stop, string[] expected)
    {
        var line = ParseBody($$"""{"model":"m","messages":[{"role":"user","content":"x"}],{{stop}}}""");

        Assert.Equal(expected, (IEnumerable<string>?)line.Request!.Params?.Stop ?? []);
    }

    [Fact]
    public void Read_OnlyMaxTokens_UsesIt()
    {
        var line = ParseBody("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":64}""");

        Assert.Equal(64, line.Request!.Params.MaxTokens);
    }

    [Fact]
    public void Read_DuplicateOfRefusedLine_IsAccepted()
    {
        const string Refused = """{"custom_id":"x","method":"POST","url":"/v1/chat/completions","body":{"model":""}}""";
        const string Accepted = """{"custom_id":"x","method":"POST","url":"/v1/chat/completions","body":{"model":"m","messages":[{"role":"user","content":"x"}]}}""";

        var lines = BatchInputReader.Read(new StringReader(Refused + "\n" + Accepted)).ToList();

        Assert.False(lines[0].IsValid);
        Assert.True(lines[1].IsValid);
    }

    [Theory]
    [InlineData("""{"model":42,"messages":[]}""", "body.model must be a non-empty string, got 42")]
    [InlineData("""{"model":"m","messages":[]}""", "body.messages must be a non-empty array, got an array")]
    [InlineData("""{"model":"m","messages":"hi"}""", "body.messages must be a non-empty array, got 'hi'")]
    [InlineData("""{"model":"m","messages":["hi"]}""", "body.messages[0] must be an object, got 'hi'")]
    [InlineData("""{"model":"m","messages":[{"content":"x"}]}""", "body.messages[0].role is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user"}]}""", "body.messages[0].content is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":7}]}""", "body.messages[0].content must be a string or an array of text parts, got 7")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{}}]}]}""", "body.messages[0].content[0].type 'image_url' is not supported (only text parts)")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}""", "body.messages[0].content[0].text must be a string")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x","name":1}]}""", "body.messages[0].name must be a string, got 1")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":"x","tool_calls":[]}]}""", "body.messages[0].tool_calls is not supported")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "body.max_tokens must be a positive integer, got 0")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":1.5}""", "body.max_completion_tokens must be a positive integer, got 1.5")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"top_p":1.5}""", "body.top_p must be a number between 0 and 1, got 1.5")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"presence_penalty":-3}""", "body.presence_penalty must be a number between -2 and 2, got -3")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"seed":"s"}""", "body.seed must be an integer, got 's'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stop":[1]}""", "body.stop must be a string or an array of strings, got an array")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"xml"}}""", "body.response_format.type must be one of text, json_object, json_schema; got 'xml'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema"}}""", "body.response_format.json_schema must be an object when type is json_schema")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"schema":{}}}}""", "body.response_format.json_schema.name is required")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"n","strict":"yes"}}}""", "body.response_format.json_schema.strict must be a boolean, got 'yes'")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"metadata":{"team":3}}""", "body.metadata.team must be a string, got 3")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[]}""", "body.tools is not supported")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"n":2}""", "body.n must be 1, got 2")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true}""", "body.stream is not supported in a batch")]
    [InlineData("\"just a string\"", "body must be an object, got 'just a string'")]
    public void Read_InvalidBody_ReportsReason(string body, string expected)
    {
        var line = ParseBody(body);

        Assert.False(line.IsValid);
        Assert.Equal(expected, line.Error);
        Assert.Equal("id-1", line.CustomId);
    }

    private static BatchInputLine ParseBody(string body) =>
        BatchInputReader.ParseLine(1, $$"""{"custom_id":"id-1","method":"POST","url":"/v1/chat/completions","body":{{body}}}""");
}
