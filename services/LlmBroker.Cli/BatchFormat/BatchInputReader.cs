using System.Text.Json;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.BatchFormat;

/// <summary>
/// Reads a file in the OpenAI Batch API input format: one JSON object per line with custom_id,
/// method <c>POST</c>, url <c>/v1/chat/completions</c> and a chat completions request as body.
/// Every non-blank line yields a <see cref="BatchInputLine"/>; a bad line never stops the others.
/// </summary>
internal static class BatchInputReader
{
    public const string Method = "POST";
    public const string Url = "/v1/chat/completions";

    private static readonly JsonDocumentOptions s_documentOptions = new() { MaxDepth = 256 };

    /// <summary>Reads every line; blank lines are skipped (they still count for line numbers).</summary>
    public static IEnumerable<BatchInputLine> Read(TextReader reader)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = ParseLine(lineNumber, text);
            if (line.IsValid)
            {
                // Only accepted lines claim their custom_id: a refused line does not make a later
                // correct one a duplicate.
                if (seen.TryGetValue(line.CustomId!, out var first))
                {
                    line = BatchInputLine.Invalid(lineNumber, line.CustomId, $"duplicate custom_id '{line.CustomId}' (already used on line {first})");
                }
                else
                {
                    seen.Add(line.CustomId!, lineNumber);
                }
            }

            yield return line;
        }
    }

    /// <summary>Converts one line, without the duplicate check (which needs the whole file).</summary>
    public static BatchInputLine ParseLine(int lineNumber, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, s_documentOptions);
        }
        catch (JsonException e)
        {
            return BatchInputLine.Invalid(lineNumber, null, $"invalid JSON at byte {e.BytePositionInLine}: {JsonErrorText(e)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return BatchInputLine.Invalid(lineNumber, null, $"expected a JSON object, got {Json.Describe(root)}");
            }

            string? customId = null;
            try
            {
                customId = ReadCustomId(root);
                CheckRequired(root, "method", Method);
                CheckRequired(root, "url", Url);
                if (!root.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null)
                {
                    throw new InvalidBatchLineException("missing body");
                }

                var request = ChatCompletionRequestConverter.Convert(body);
                request.CustomId = customId;
                return BatchInputLine.Valid(lineNumber, request);
            }
            catch (InvalidBatchLineException e)
            {
                return BatchInputLine.Invalid(lineNumber, customId, e.Message);
            }
        }
    }

    /// <summary>The parser's message without its "LineNumber: 0 | BytePositionInLine: n." suffix (always line 0 here).</summary>
    private static string JsonErrorText(JsonException e)
    {
        var end = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end < 0 ? e.Message : e.Message[..end]).TrimEnd();
    }

    private static string ReadCustomId(JsonElement root)
    {
        if (!root.TryGetProperty("custom_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidBatchLineException("missing custom_id");
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } customId)
        {
            throw new InvalidBatchLineException($"custom_id must be a non-empty string, got {Json.Describe(value)}");
        }

        return customId;
    }

    private static void CheckRequired(JsonElement root, string name, string expected)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidBatchLineException($"missing {name} (expected \"{expected}\")");
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() != expected)
        {
            throw new InvalidBatchLineException($"{name} must be \"{expected}\", got {Json.Describe(value)}");
        }
    }
}
