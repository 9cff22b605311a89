using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using LlmBroker.Cli.BatchFormat;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.Time.Testing;

namespace LlmBroker.Cli.Tests;

public sealed class BatchOutputWriterTests
{
    private const string RequestId = "01900000-0000-7000-8000-000000000001";
    private static readonly DateTimeOffset s_now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WriteResult_Ok_WritesOpenAIChatCompletionLine()
    {
        var validatedAt = new DateTimeOffset(2025, 2, 1, 8, 30, 0, TimeSpan.Zero);
        var result = new Result
        {
            RequestId = RequestId,
            CustomId = "req-1",
            Model = "small",
            ProviderModel = "gpt-4o-mini-2024-07-18",
            Status = ResultStatus.Ok,
            Output = "Héllo \"world\"\nbye",
            FinishReason = "length",
            Usage = new Usage { InputTokens = 22, OutputTokens = 7, CachedInputTokens = 4, ReasoningTokens = 2 },
            Times = new StageTimes { ValidatedAt = Timestamp.FromDateTimeOffset(validatedAt) },
        };

        var (text, line) = Write(w => w.WriteResult("req-1", result));

        Assert.EndsWith("}\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Héllo", text);
        Assert.Equal("batch_req_" + RequestId, line.GetProperty("id").GetString());
        Assert.Equal("req-1", line.GetProperty("custom_id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
        var response = line.GetProperty("response");
        Assert.Equal(200, response.GetProperty("status_code").GetInt32());
        Assert.Equal(RequestId, response.GetProperty("request_id").GetString());
        var body = response.GetProperty("body");
        Assert.Equal("chatcmpl-" + RequestId, body.GetProperty("id").GetString());
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(validatedAt.ToUnixTimeSeconds(), body.GetProperty("created").GetInt64());
        Assert.Equal("gpt-4o-mini-2024-07-18", body.GetProperty("model").GetString());
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray().ToArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("Héllo \"world\"\nbye", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var usage = body.GetProperty("usage");
        Assert.Equal(22, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(7, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(29, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(4, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public void WriteResult_OkWithoutTimesOrProviderModel_UsesNowAndAliasAndStop()
    {
        var result = new Result { RequestId = RequestId, Model = "small", Status = ResultStatus.Ok, Output = "x" };

        var (_, line) = Write(w => w.WriteResult("c", result));

        var body = line.GetProperty("response").GetProperty("body");
        Assert.Equal(s_now.ToUnixTimeSeconds(), body.GetProperty("created").GetInt64());
        Assert.Equal("small", body.GetProperty("model").GetString());
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(0, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData(ResultStatus.RateLimited, "budget_exhausted", 0, 429, "rate_limit_error")]
    [InlineData(ResultStatus.Rejected, "invalid_request", 0, 400, "invalid_request_error")]
    [InlineData(ResultStatus.Rejected, "model_not_found", 0, 404, "invalid_request_error")]
    [InlineData(ResultStatus.FailedValidation, "validation_failed", 0, 422, "validation_error")]
    [InlineData(ResultStatus.Failed, "provider_error", 503, 503, "server_error")]
    [InlineData(ResultStatus.Failed, "provider_error", 400, 400, "invalid_request_error")]
    [InlineData(ResultStatus.Failed, "provider_error", 0, 502, "server_error")]
    public void WriteResult_AnsweredFailure_WritesNon200ResponseWithOpenAIErrorBody(
        ResultStatus status, string code, int lastAttemptStatus, int expectedStatus, string expectedType)
    {
        var result = new Result
        {
            RequestId = RequestId,
            Status = status,
            Error = new ErrorInfo { Code = code, Message = "it went wrong" },
            Attempts = { new Attempt { StatusCode = 200 }, new Attempt { StatusCode = lastAttemptStatus } },
        };

        var (_, line) = Write(w => w.WriteResult("req-9", result));

        Assert.Equal("req-9", line.GetProperty("custom_id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
        var response = line.GetProperty("response");
        Assert.Equal(expectedStatus, response.GetProperty("status_code").GetInt32());
        Assert.Equal(RequestId, response.GetProperty("request_id").GetString());
        var error = response.GetProperty("body").GetProperty("error");
        Assert.Equal("it went wrong", error.GetProperty("message").GetString());
        Assert.Equal(expectedType, error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public void WriteResult_Expired_WritesNullResponseAndBatchExpiredError()
    {
        var result = new Result
        {
            RequestId = RequestId,
            Status = ResultStatus.Expired,
            Error = new ErrorInfo { Code = "deadline_exceeded", Message = "the deadline passed before a provider was called" },
        };

        var (_, line) = Write(w => w.WriteResult("req-3", result));

        Assert.Equal("batch_req_" + RequestId, line.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("response").ValueKind);
        Assert.Equal("batch_expired", line.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("the deadline passed before a provider was called", line.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void WriteMissing_WritesNullResponseAndBatchExpiredError()
    {
        var (_, line) = Write(w => w.WriteMissing("req-4", RequestId, "no result within 10m"));

        Assert.Equal("batch_req_" + RequestId, line.GetProperty("id").GetString());
        Assert.Equal("req-4", line.GetProperty("custom_id").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("response").ValueKind);
        Assert.Equal("batch_expired", line.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("no result within 10m", line.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public void WriteResult_SeveralResults_WritesOneLinePerResultInCallOrder()
    {
        var output = new StringWriter();
        var writer = new BatchOutputWriter(output, new FakeTimeProvider(s_now));

        writer.WriteResult("a", new Result { RequestId = "1", Status = ResultStatus.Ok });
        writer.WriteMissing("b", "2", "none");
        writer.WriteResult("c", new Result { RequestId = "3", Status = ResultStatus.Failed });

        var ids = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("custom_id").GetString());
        Assert.Equal(["a", "b", "c"], ids);
    }

    private static (string Text, JsonElement Line) Write(Action<BatchOutputWriter> write)
    {
        var output = new StringWriter();
        write(new BatchOutputWriter(output, new FakeTimeProvider(s_now)));
        var text = output.ToString();
        return (text, JsonDocument.Parse(text).RootElement.Clone());
    }
}
