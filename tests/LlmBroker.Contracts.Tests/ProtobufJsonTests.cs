using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Contracts.Tests;

/// <summary>
/// The protobuf JSON mapping accepted at the edges (CLI JSONL, HTTP): what a producer in another language writes
/// must parse into the same message the pipeline carries in binary.
/// </summary>
public sealed class ProtobufJsonTests
{
    // As a Python or Go producer would write it: lowerCamelCase names, enums by name, int64 as a string,
    // Timestamps in RFC 3339 (UTC with fractional seconds, and with an offset).
    private const string ForeignProducerJson = """
        {
          "requestId": "019ac0a6-5e10-7c3a-9b1a-3c5d7e9f1a2b",
          "tenant": "acme",
          "app": "billing-batch",
          "model": "gpt-4o-mini",
          "messages": [
            { "role": "ROLE_SYSTEM", "content": "Answer in one sentence." },
            { "role": "ROLE_USER", "content": "Summarize invoice 42.", "name": "alice" }
          ],
          "params": { "temperature": 0.2, "maxTokens": 256, "stop": ["\n\n"], "seed": "7" },
          "responseFormat": {
            "type": "TYPE_JSON_SCHEMA",
            "schemaName": "summary",
            "jsonSchema": "{\"type\":\"object\"}",
            "strict": true
          },
          "lane": "LANE_BATCH",
          "deadline": "2026-11-26T12:30:00.250Z",
          "cachePolicy": "CACHE_POLICY_REFRESH",
          "tags": { "team": "finance", "feature": "invoice-summary" },
          "batchId": "batch_123",
          "customId": "row-1",
          "replyTopic": "billing.results",
          "stream": true,
          "times": { "submittedAt": "2026-11-26T13:00:00+01:00" }
        }
        """;

    [Fact]
    public void JsonParser_ForeignProducerPromptRequest_ParsesEveryField()
    {
        var request = JsonParser.Default.Parse<PromptRequest>(ForeignProducerJson);

        Assert.Equal("019ac0a6-5e10-7c3a-9b1a-3c5d7e9f1a2b", request.RequestId);
        Assert.Equal("acme", request.Tenant);
        Assert.Equal("billing-batch", request.App);
        Assert.Equal("gpt-4o-mini", request.Model);
        Assert.Collection(
            request.Messages,
            m => Assert.Equal((Role.System, "Answer in one sentence.", ""), (m.Role, m.Content, m.Name)),
            m => Assert.Equal((Role.User, "Summarize invoice 42.", "alice"), (m.Role, m.Content, m.Name)));
        Assert.True(request.Params.HasTemperature);
        Assert.Equal(0.2, request.Params.Temperature);
        Assert.Equal(256, request.Params.MaxTokens);
        Assert.False(request.Params.HasTopP);
        Assert.Equal(["\n\n"], request.Params.Stop);
        Assert.Equal(7L, request.Params.Seed);
        Assert.Equal(ResponseFormat.Types.Type.JsonSchema, request.ResponseFormat.Type);
        Assert.Equal("summary", request.ResponseFormat.SchemaName);
        Assert.Equal("{\"type\":\"object\"}", request.ResponseFormat.JsonSchema);
        Assert.True(request.ResponseFormat.Strict);
        Assert.Equal(Lane.Batch, request.Lane);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 30, 0, 250, TimeSpan.Zero), request.Deadline.ToDateTimeOffset());
        Assert.Equal(CachePolicy.Refresh, request.CachePolicy);
        Assert.Equal("finance", request.Tags["team"]);
        Assert.Equal("invoice-summary", request.Tags["feature"]);
        Assert.Equal("batch_123", request.BatchId);
        Assert.Equal("row-1", request.CustomId);
        Assert.Equal("billing.results", request.ReplyTopic);
        Assert.True(request.Stream);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), request.Times.SubmittedAt.ToDateTimeOffset());
    }

    [Fact]
    public void JsonParser_ForeignProducerPromptRequest_RoundTripsThroughBinaryAndJson()
    {
        var parsed = JsonParser.Default.Parse<PromptRequest>(ForeignProducerJson);

        var fromBinary = PromptRequest.Parser.ParseFrom(parsed.ToByteArray());
        var json = JsonFormatter.Default.Format(fromBinary);
        var fromJson = JsonParser.Default.Parse<PromptRequest>(json);

        Assert.Equal(parsed, fromBinary);
        Assert.Equal(parsed, fromJson);
        Assert.Contains("\"requestId\": \"019ac0a6-5e10-7c3a-9b1a-3c5d7e9f1a2b\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lane\": \"LANE_BATCH\"", json, StringComparison.Ordinal);
        Assert.Contains("\"deadline\": \"2026-11-26T12:30:00.250Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"submittedAt\": \"2026-11-26T12:00:00Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonParser_OriginalProtoFieldNames_AreAcceptedToo()
    {
        const string snakeCase = """
            { "request_id": "r-1", "reply_topic": "t", "cache_policy": "CACHE_POLICY_NO_STORE",
              "deadline": "2026-11-26T12:30:00Z", "params": { "max_tokens": 5 } }
            """;

        var request = JsonParser.Default.Parse<PromptRequest>(snakeCase);

        Assert.Equal("r-1", request.RequestId);
        Assert.Equal("t", request.ReplyTopic);
        Assert.Equal(CachePolicy.NoStore, request.CachePolicy);
        Assert.Equal(Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 26, 12, 30, 0, TimeSpan.Zero)), request.Deadline);
        Assert.Equal(5, request.Params.MaxTokens);
    }
}
