using System.Text.Json;

namespace LlmBroker.Cli.BatchFormat;

/// <summary>Small helpers for reading untyped JSON and describing it in error messages.</summary>
internal static class Json
{
    private const int MaxQuoted = 40;

    /// <summary>A short description of a value for an error message: <c>'text'</c>, <c>42</c>, <c>an object</c>...</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    public static string Quote(string text) =>
        text.Length <= MaxQuoted ? $"'{text}'" : $"'{text[..MaxQuoted]}...'";

    /// <summary>The property's value, or null when it is absent or JSON null (OpenAI treats both as "not set").</summary>
    public static JsonElement? Optional(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The element as compact JSON text.</summary>
    public static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
