using System.Text.Json;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>What the fake needs from a chat request, read the same way for OpenAI and Anthropic bodies.</summary>
internal sealed class ChatRequest
{
    public string? Model { get; private init; }

    public bool Stream { get; private init; }

    /// <summary>OpenAI's <c>stream_options.include_usage</c>.</summary>
    public bool IncludeUsage { get; private init; }

    public string LastUserText { get; private init; } = "";

    /// <summary>Text of the first user message (the original question in a multi-turn conversation).</summary>
    public string FirstUserText { get; private init; } = "";

    /// <summary>Characters of text in all messages and the system prompt.</summary>
    public int PromptChars { get; private init; }

    /// <summary>Reads a request body; <see langword="null"/> when it is not a JSON object.</summary>
    public static ChatRequest? TryParse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Read(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ChatRequest Read(JsonElement root)
    {
        var promptChars = 0;
        var lastUser = "";
        string? firstUser = null;
        if (root.TryGetProperty("system", out var system))
        {
            promptChars += TextOf(system).Length;
        }

        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var text = message.TryGetProperty("content", out var content) ? TextOf(content) : "";
                promptChars += text.Length;
                if (message.TryGetProperty("role", out var role) && role.ValueEquals("user"u8))
                {
                    lastUser = text;
                    firstUser ??= text;
                }
            }
        }

        return new ChatRequest
        {
            Model = root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null,
            Stream = root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            IncludeUsage = root.TryGetProperty("stream_options", out var options)
                && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var includeUsage)
                && includeUsage.ValueKind == JsonValueKind.True,
            LastUserText = lastUser,
            FirstUserText = firstUser ?? "",
            PromptChars = promptChars,
        };
    }

    /// <summary>Content is a string or, in both APIs, an array of parts of which the text parts count.</summary>
    private static string TextOf(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.TryGetProperty("text", out var text)
                        && text.ValueKind == JsonValueKind.String)
                    {
                        parts.Add(text.GetString()!);
                    }
                }

                return string.Concat(parts);
            default:
                return "";
        }
    }
}
