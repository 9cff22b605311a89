using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>The <c>/_fake/</c> control API, for processes that cannot use <see cref="FakeProviderServer"/> directly.</summary>
internal static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, FakeBehavior behavior, RequestLog log, StatsCounter stats)
    {
        endpoints.MapGet("/_fake/behavior", context => WriteAsync(context, BehaviorDocument.From(behavior), AdminJson.Readable.BehaviorDocument));
        endpoints.MapPost("/_fake/behavior", async context =>
        {
            BehaviorDocument? document;
            try
            {
                document = await context.Request.ReadFromJsonAsync(AdminJson.Readable.BehaviorDocument, context.RequestAborted);
            }
            catch (JsonException e)
            {
                await WriteErrorsAsync(context, [e.Message]);
                return;
            }

            var errors = document?.Validate() ?? ["the body must be a JSON object"];
            if (errors.Count > 0)
            {
                await WriteErrorsAsync(context, errors);
                return;
            }

            document!.ApplyTo(behavior);
            await WriteAsync(context, BehaviorDocument.From(behavior), AdminJson.Readable.BehaviorDocument);
        });
        endpoints.MapDelete("/_fake/behavior", context =>
        {
            behavior.Reset();
            return WriteAsync(context, BehaviorDocument.From(behavior), AdminJson.Readable.BehaviorDocument);
        });

        endpoints.MapGet("/_fake/requests", context =>
        {
            int? last = int.TryParse(context.Request.Query["last"], out var n) && n >= 0 ? n : null;
            return WriteAsync(context, log.Snapshot(last), AdminJson.Readable.IReadOnlyListReceivedRequest);
        });
        endpoints.MapDelete("/_fake/requests", context =>
        {
            log.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        endpoints.MapGet("/_fake/stats", context => WriteAsync(context, stats.Snapshot(), AdminJson.Readable.FakeProviderStats));
        endpoints.MapDelete("/_fake/stats", context =>
        {
            stats.Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
    }

    private static Task WriteAsync<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        context.Response.WriteAsJsonAsync(value, typeInfo, contentType: null, context.RequestAborted);

    private static Task WriteErrorsAsync(HttpContext context, IReadOnlyList<string> errors)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return WriteAsync(context, new AdminErrors(errors), AdminJson.Readable.AdminErrors);
    }
}

/// <summary>Body of <c>POST /_fake/behavior</c>: only the properties present are changed.</summary>
internal sealed class BehaviorDocument
{
    public double? LatencyMs { get; set; }

    public double? LatencyJitterMs { get; set; }

    /// <summary>Empty string returns to the echo reply.</summary>
    public string? Reply { get; set; }

    public IReadOnlyList<string>? RequiredApiKeys { get; set; }

    /// <summary>Replaces all failure rules; <c>[]</c> clears them.</summary>
    public IReadOnlyList<FailureDocument>? Failures { get; set; }

    /// <summary>Reseeds the random source; write-only.</summary>
    public int? Seed { get; set; }

    public static BehaviorDocument From(FakeBehavior behavior) => new()
    {
        LatencyMs = behavior.Latency.TotalMilliseconds,
        LatencyJitterMs = behavior.LatencyJitter.TotalMilliseconds,
        Reply = behavior.Reply,
        RequiredApiKeys = behavior.RequiredApiKeys,
        Failures = [.. behavior.Failures.Select(FailureDocument.From)],
    };

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (LatencyMs is < 0 or double.NaN)
        {
            errors.Add($"latencyMs must not be negative (was {LatencyMs})");
        }

        if (LatencyJitterMs is < 0 or double.NaN)
        {
            errors.Add($"latencyJitterMs must not be negative (was {LatencyJitterMs})");
        }

        if (RequiredApiKeys?.Any(string.IsNullOrEmpty) == true)
        {
            errors.Add("requiredApiKeys must not contain empty keys");
        }

        if (Failures?.Any(f => f?.Kind is null) == true)
        {
            errors.Add("every failure needs a kind");
        }
        else if (Failures is not null)
        {
            errors.AddRange(Failures.SelectMany(f => f.ToFailure().Validate()));
        }

        return errors;
    }

    public void ApplyTo(FakeBehavior behavior)
    {
        if (LatencyMs is { } latency)
        {
            behavior.Latency = TimeSpan.FromMilliseconds(latency);
        }

        if (LatencyJitterMs is { } jitter)
        {
            behavior.LatencyJitter = TimeSpan.FromMilliseconds(jitter);
        }

        if (Reply is not null)
        {
            behavior.Reply = Reply;
        }

        if (RequiredApiKeys is not null)
        {
            behavior.RequiredApiKeys = RequiredApiKeys;
        }

        if (Failures is not null)
        {
            behavior.SetFailures(Failures.Select(f => f.ToFailure()));
        }

        if (Seed is { } seed)
        {
            behavior.Reseed(seed);
        }
    }
}

/// <summary>
/// JSON shape of a <see cref="FakeFailure"/>. A separate type because generated deserializers assign every
/// init-only property, which would replace the record's defaults with zeros for absent properties.
/// </summary>
internal sealed class FailureDocument
{
    public FakeFailureKind? Kind { get; set; }

    public double? Probability { get; set; }

    public int? Count { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    public int? RetryAfterSeconds { get; set; }

    public int? AfterChunks { get; set; }

    public bool? AtOnce { get; set; }

    public static FailureDocument From(FakeFailure failure) => new()
    {
        Kind = failure.Kind,
        Probability = failure.Probability,
        Count = failure.Count,
        Model = failure.Model,
        ApiKey = failure.ApiKey,
        RetryAfterSeconds = failure.RetryAfterSeconds,
        AfterChunks = failure.AfterChunks,
        AtOnce = failure.AtOnce,
    };

    public FakeFailure ToFailure()
    {
        var defaults = new FakeFailure { Kind = Kind!.Value };
        return defaults with
        {
            Probability = Probability ?? defaults.Probability,
            Count = Count,
            Model = Model,
            ApiKey = ApiKey,
            RetryAfterSeconds = RetryAfterSeconds ?? defaults.RetryAfterSeconds,
            AfterChunks = AfterChunks ?? defaults.AfterChunks,
            AtOnce = AtOnce ?? defaults.AtOnce,
        };
    }
}

internal sealed record AdminErrors(IReadOnlyList<string> Errors);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BehaviorDocument))]
[JsonSerializable(typeof(IReadOnlyList<ReceivedRequest>))]
[JsonSerializable(typeof(FakeProviderStats))]
[JsonSerializable(typeof(AdminErrors))]
internal sealed partial class AdminJson : JsonSerializerContext
{
    /// <summary>Like <see cref="JsonSerializerContext"/>'s default, but without HTML-safe escaping so logged bodies stay readable.</summary>
    public static AdminJson Readable => field ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
