using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>
/// Handles every provider request: log, authenticate, wait the latency, then fail as programmed or answer
/// in the provider's wire format.
/// </summary>
internal sealed class ChatEndpoint(
    FakeBehavior behavior,
    RequestLog log,
    StatsCounter stats,
    FakeProviderOptions options,
    CancellationToken stopping)
{
    private const int StreamCutGraceMs = 100;
    private long _ids;

    public Task ChatAsync(HttpContext context, IProviderDialect dialect) => RunAsync(context, dialect, isChat: true);

    public Task ModelsAsync(HttpContext context) => RunAsync(context, OpenAIDialect.Instance, isChat: false);

    private async Task RunAsync(HttpContext context, IProviderDialect dialect, bool isChat)
    {
        stats.Begin();
        var completed = false;
        try
        {
            completed = await HandleAsync(context, dialect, isChat);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away (or the server is stopping): nothing left to answer.
        }
        finally
        {
            stats.End(context.Response.StatusCode, aborted: !completed);
        }
    }

    /// <returns>Whether a complete response was sent.</returns>
    private async Task<bool> HandleAsync(HttpContext context, IProviderDialect dialect, bool isChat)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;
        var body = await ReadBodyAsync(request.BodyReader, aborted);
        var chat = isChat ? ChatRequest.TryParse(body) : null;
        var deployment = request.RouteValues.TryGetValue("deployment", out var value) ? value as string : null;
        var apiKey = ApiKeys.Find(request.Headers);
        var model = chat?.Model ?? deployment;
        Log(request, body, model, apiKey);

        if (!behavior.Accepts(apiKey))
        {
            return await WriteErrorAsync(context, dialect, ProviderError.Unauthorized, 0);
        }

        if (!isChat)
        {
            return await WriteModelsAsync(context.Response);
        }

        if (chat is null)
        {
            return await WriteErrorAsync(context, dialect, ProviderError.BadRequest, 0);
        }

        var delay = behavior.NextDelay();
        var early = behavior.NextFailure(chat.Model, deployment, apiKey, atOnce: true);
        if (early is null && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, aborted);
        }

        var promptTokens = Completion.TokensFor(chat.PromptChars);
        switch (early ?? behavior.NextFailure(chat.Model, deployment, apiKey))
        {
            case null:
                return await WriteAnswerAsync(context, dialect, chat, model, cutAfter: null, malformed: false);
            case { Kind: FakeFailureKind.RateLimited } failure:
                context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString();
                return await WriteErrorAsync(context, dialect, ProviderError.RateLimited, promptTokens);
            case { Kind: FakeFailureKind.ServerError }:
                return await WriteErrorAsync(context, dialect, ProviderError.ServerError, promptTokens);
            case { Kind: FakeFailureKind.ServiceUnavailable }:
                return await WriteErrorAsync(context, dialect, ProviderError.ServiceUnavailable, promptTokens);
            case { Kind: FakeFailureKind.ContextLengthExceeded }:
                return await WriteErrorAsync(context, dialect, ProviderError.ContextLengthExceeded, promptTokens);
            case { Kind: FakeFailureKind.ContentFiltered }:
                return await WriteErrorAsync(context, dialect, ProviderError.ContentFiltered, promptTokens);
            case { Kind: FakeFailureKind.Timeout }:
                using (var hang = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping))
                {
                    await Task.Delay(Timeout.Infinite, hang.Token);
                }

                return false;
            case { Kind: FakeFailureKind.MalformedBody }:
                return await WriteAnswerAsync(context, dialect, chat, model, cutAfter: null, malformed: true);
            case { Kind: FakeFailureKind.StreamCut } failure:
                await WriteAnswerAsync(context, dialect, chat, model, failure.AfterChunks, malformed: false);

                // A flush only hands the bytes to Kestrel's send loop, and an abort drops whatever that loop
                // has not sent yet; the grace lets the partial response reach the client before the cut.
                await Task.Delay(StreamCutGraceMs, aborted);
                context.Abort();
                return false;
            default:
                throw new InvalidOperationException("unreachable");
        }
    }

    private async Task<bool> WriteAnswerAsync(
        HttpContext context, IProviderDialect dialect, ChatRequest chat, string? model, int? cutAfter, bool malformed)
    {
        var response = context.Response;
        var text = behavior.NextScriptedReply(chat.FirstUserText) ?? behavior.Reply ?? "echo: " + chat.LastUserText;
        var completion = new Completion(
            dialect.IdPrefix + Interlocked.Increment(ref _ids).ToString("x8"),
            options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            model ?? "unknown",
            text,
            Completion.TokensFor(chat.PromptChars),
            Completion.TokensFor(text.Length));
        var cached = Math.Min(behavior.CachedPromptTokens, completion.PromptTokens);
        completion = completion with
        {
            CachedTokens = cached,
            CacheWriteTokens = Math.Min(behavior.CacheWritePromptTokens, completion.PromptTokens - cached),
        };

        ReadOnlyMemory<byte> payload;
        if (chat.Stream)
        {
            var sse = new SseBuffer();
            dialect.WriteStream(sse, chat, completion);
            payload = sse.Written;
            if (malformed)
            {
                // The first event with its JSON cut in half: the client's event parser must fail.
                var first = sse.FirstEvents(1);
                payload = Concat(first[..(first.Length / 2)], "\n\n"u8);
            }
            else if (cutAfter is { } count)
            {
                payload = sse.FirstEvents(count);
            }

            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
        }
        else
        {
            var buffer = new ArrayBufferWriter<byte>(1024);
            using (var json = new Utf8JsonWriter(buffer))
            {
                dialect.WriteCompletion(json, chat, completion);
            }

            payload = buffer.WrittenMemory;
            response.ContentType = "application/json";
            response.ContentLength = malformed ? payload.Length / 2 : payload.Length;
            if (malformed || cutAfter is not null)
            {
                payload = payload[..(payload.Length / 2)];
            }
        }

        await response.BodyWriter.WriteAsync(payload, context.RequestAborted);
        return true;
    }

    private static async Task<bool> WriteErrorAsync(HttpContext context, IProviderDialect dialect, ProviderError error, int promptTokens)
    {
        var response = context.Response;
        response.StatusCode = error switch
        {
            ProviderError.Unauthorized => StatusCodes.Status401Unauthorized,
            ProviderError.RateLimited => StatusCodes.Status429TooManyRequests,
            ProviderError.ServerError => StatusCodes.Status500InternalServerError,
            ProviderError.ServiceUnavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            dialect.WriteError(json, error, promptTokens);
        }

        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.BodyWriter.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        return true;
    }

    private async Task<bool> WriteModelsAsync(HttpResponse response)
    {
        var created = options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("object"u8, "list"u8);
            json.WriteStartArray("data"u8);
            foreach (var id in options.Models)
            {
                json.WriteStartObject();
                json.WriteString("id"u8, id);
                json.WriteString("object"u8, "model"u8);
                json.WriteNumber("created"u8, created);
                json.WriteString("owned_by"u8, "fake-provider"u8);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        response.ContentType = "application/json";
        response.ContentLength = buffer.WrittenCount;
        await response.BodyWriter.WriteAsync(buffer.WrittenMemory, response.HttpContext.RequestAborted);
        return true;
    }

    private void Log(HttpRequest request, byte[] body, string? model, string? apiKey)
    {
        if (!log.Enabled)
        {
            return;
        }

        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = ApiKeys.IsSecretHeader(name) ? ApiKeys.Mask(values.ToString()) : values.ToString();
        }

        log.Add(new ReceivedRequest(
            log.NextSequence(),
            options.TimeProvider.GetUtcNow(),
            request.Method,
            request.Path.Value ?? "",
            request.QueryString.Value ?? "",
            model,
            apiKey is null ? null : ApiKeys.Last4(apiKey),
            headers,
            Encoding.UTF8.GetString(body)));
    }

    private static async Task<byte[]> ReadBodyAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static byte[] Concat(ReadOnlyMemory<byte> first, ReadOnlySpan<byte> second)
    {
        var bytes = new byte[first.Length + second.Length];
        first.Span.CopyTo(bytes);
        second.CopyTo(bytes.AsSpan(first.Length));
        return bytes;
    }
}
