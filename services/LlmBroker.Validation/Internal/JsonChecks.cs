using System.Text.Json;
using Json.Schema;

namespace LlmBroker.Validation.Internal;

/// <summary>JSON mode and JSON schema checks.</summary>
internal static class JsonChecks
{
    private static readonly EvaluationOptions s_evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>Null when the answer is one JSON object; else why not.</summary>
    public static string? ObjectProblem(string output, out JsonDocument? document)
    {
        document = null;
        try
        {
            document = JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            return $"the answer is not valid JSON ({e.Message})";
        }

        return document.RootElement.ValueKind == JsonValueKind.Object ? null : $"the answer is JSON but a {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
    }

    /// <summary>Builds a schema; null and the reason when the text is not a valid schema.</summary>
    public static JsonSchema? Build(string schemaText, out string? error)
    {
        error = null;
        try
        {
            // Own registry: a request's $id must never meet another request's schema.
            return JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception e) when (e is JsonException or JsonSchemaException or ArgumentException or InvalidOperationException or RefResolutionException)
        {
            error = $"response_format.json_schema is not a valid JSON schema: {e.Message}";
            return null;
        }
    }

    /// <summary>One reason per schema violation of <paramref name="document"/>.</summary>
    public static IReadOnlyList<string> SchemaProblems(JsonSchema schema, JsonDocument document)
    {
        var results = schema.Evaluate(document.RootElement, s_evaluation);
        if (results.IsValid)
        {
            return [];
        }

        var problems = (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at '{Location(d.InstanceLocation.ToString())}': {e.Value}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (results.Errors is { Count: > 0 } top)
        {
            problems.AddRange(top.Select(e => $"at '/': {e.Value}"));
        }

        return problems.Count > 0 ? problems : ["the answer does not match the JSON schema"];
    }

    private static string Location(string pointer) => pointer.Length == 0 ? "/" : pointer;
}
