using System.Text;
using System.Text.Json;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.BatchFormat;

/// <summary>
/// Converts the body of an OpenAI chat completions request into a <see cref="PromptRequest"/>.
/// Mirrors the API's own checks (types and ranges); refuses features the broker does not carry
/// (tools, several choices, streaming, logprobs, non-text content) rather than dropping them silently.
/// Unknown fields are ignored, as OpenAI-compatible gateways commonly do.
/// </summary>
internal static class ChatCompletionRequestConverter
{
    private static readonly string[] s_unsupported = ["tools", "tool_choice", "functions", "function_call", "audio"];

    public static PromptRequest Convert(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidBatchLineException($"body must be an object, got {Json.Describe(body)}");
        }

        var request = new PromptRequest { Model = ReadModel(body) };
        request.Messages.AddRange(ReadMessages(body));
        CheckUnsupported(body);
        request.Params = ReadParams(body);
        request.ResponseFormat = ReadResponseFormat(body);
        ReadTags(body, request.Tags);
        return request;
    }

    private static string ReadModel(JsonElement body)
    {
        if (Json.Optional(body, "model") is not { } model)
        {
            throw new InvalidBatchLineException("body.model is required");
        }

        if (model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } name)
        {
            throw new InvalidBatchLineException($"body.model must be a non-empty string, got {Json.Describe(model)}");
        }

        return name;
    }

    private static List<ChatMessage> ReadMessages(JsonElement body)
    {
        if (Json.Optional(body, "messages") is not { } messages)
        {
            throw new InvalidBatchLineException("body.messages is required");
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new InvalidBatchLineException($"body.messages must be a non-empty array, got {Json.Describe(messages)}");
        }

        var result = new List<ChatMessage>(messages.GetArrayLength());
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            result.Add(ReadMessage(message, $"body.messages[{index++}]"));
        }

        return result;
    }

    private static ChatMessage ReadMessage(JsonElement message, string path)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidBatchLineException($"{path} must be an object, got {Json.Describe(message)}");
        }

        var converted = new ChatMessage { Role = ReadRole(message, path) };
        if (Json.Optional(message, "tool_calls") is not null)
        {
            throw new InvalidBatchLineException($"{path}.tool_calls is not supported");
        }

        converted.Content = ReadContent(message, path);
        if (Json.Optional(message, "name") is { } name)
        {
            converted.Name = name.ValueKind == JsonValueKind.String
                ? name.GetString()!
                : throw new InvalidBatchLineException($"{path}.name must be a string, got {Json.Describe(name)}");
        }

        return converted;
    }

    private static Role ReadRole(JsonElement message, string path)
    {
        if (Json.Optional(message, "role") is not { } role)
        {
            throw new InvalidBatchLineException($"{path}.role is required");
        }

        var name = role.ValueKind == JsonValueKind.String ? role.GetString() : null;
        return name switch
        {
            "system" => Role.System,
            "developer" => Role.Developer,
            "user" => Role.User,
            "assistant" => Role.Assistant,
            "tool" => Role.Tool,
            _ => throw new InvalidBatchLineException(
                $"{path}.role must be one of system, developer, user, assistant, tool; got {Json.Describe(role)}"),
        };
    }

    /// <summary>A string, or an array of text parts joined with a newline (as vLLM and LiteLLM flatten them).</summary>
    private static string ReadContent(JsonElement message, string path)
    {
        if (Json.Optional(message, "content") is not { } content)
        {
            throw new InvalidBatchLineException($"{path}.content is required");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidBatchLineException($"{path}.content must be a string or an array of text parts, got {Json.Describe(content)}");
        }

        var text = new StringBuilder();
        var index = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = $"{path}.content[{index}]";
            if (part.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidBatchLineException($"{partPath} must be an object, got {Json.Describe(part)}");
            }

            var type = Json.Optional(part, "type");
            if (type is not { ValueKind: JsonValueKind.String } || type.Value.GetString() != "text")
            {
                throw new InvalidBatchLineException(type is null
                    ? $"{partPath}.type is required"
                    : $"{partPath}.type {Json.Describe(type.Value)} is not supported (only text parts)");
            }

            if (Json.Optional(part, "text") is not { ValueKind: JsonValueKind.String } partText)
            {
                throw new InvalidBatchLineException($"{partPath}.text must be a string");
            }

            if (index++ > 0)
            {
                text.Append('\n');
            }

            text.Append(partText.GetString());
        }

        return text.ToString();
    }

    private static void CheckUnsupported(JsonElement body)
    {
        foreach (var name in s_unsupported)
        {
            if (Json.Optional(body, name) is not null)
            {
                throw new InvalidBatchLineException($"body.{name} is not supported");
            }
        }

        if (Json.Optional(body, "n") is { } n && !(n.TryGetInt32(out var count) && count == 1))
        {
            throw new InvalidBatchLineException($"body.n must be 1, got {Json.Describe(n)}");
        }

        if (Json.Optional(body, "stream") is { ValueKind: JsonValueKind.True })
        {
            throw new InvalidBatchLineException("body.stream is not supported in a batch");
        }

        if (Json.Optional(body, "logprobs") is { ValueKind: JsonValueKind.True })
        {
            throw new InvalidBatchLineException("body.logprobs is not supported");
        }
    }

    private static GenerationParams? ReadParams(JsonElement body)
    {
        var result = new GenerationParams();
        var any = false;
        if (ReadNumber(body, "temperature", 0, 2) is { } temperature)
        {
            result.Temperature = temperature;
            any = true;
        }

        if (ReadNumber(body, "top_p", 0, 1) is { } topP)
        {
            result.TopP = topP;
            any = true;
        }

        if (ReadNumber(body, "presence_penalty", -2, 2) is { } presence)
        {
            result.PresencePenalty = presence;
            any = true;
        }

        if (ReadNumber(body, "frequency_penalty", -2, 2) is { } frequency)
        {
            result.FrequencyPenalty = frequency;
            any = true;
        }

        // max_completion_tokens replaced max_tokens in the API; it wins when both are given. Both are
        // read so a bad value is reported whichever name carries it.
        var maxCompletionTokens = ReadMaxTokens(body, "max_completion_tokens");
        var legacyMaxTokens = ReadMaxTokens(body, "max_tokens");
        if ((maxCompletionTokens ?? legacyMaxTokens) is { } maxTokens)
        {
            result.MaxTokens = maxTokens;
            any = true;
        }

        if (Json.Optional(body, "seed") is { } seed)
        {
            result.Seed = seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out var value)
                ? value
                : throw new InvalidBatchLineException($"body.seed must be an integer, got {Json.Describe(seed)}");
            any = true;
        }

        if (ReadStop(body) is { } stop)
        {
            result.Stop.AddRange(stop);
            any = true;
        }

        return any ? result : null;
    }

    private static double? ReadNumber(JsonElement body, string name, double min, double max)
    {
        if (Json.Optional(body, name) is not { } value)
        {
            return null;
        }

        var number = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
        return number >= min && number <= max
            ? number
            : throw new InvalidBatchLineException($"body.{name} must be a number between {min} and {max}, got {Json.Describe(value)}");
    }

    private static int? ReadMaxTokens(JsonElement body, string name)
    {
        if (Json.Optional(body, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens > 0
            ? tokens
            : throw new InvalidBatchLineException($"body.{name} must be a positive integer, got {Json.Describe(value)}");
    }

    private static List<string>? ReadStop(JsonElement body)
    {
        if (Json.Optional(body, "stop") is not { } stop)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return [stop.GetString()!];
        }

        if (stop.ValueKind == JsonValueKind.Array && stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String))
        {
            return stop.EnumerateArray().Select(s => s.GetString()!).ToList();
        }

        throw new InvalidBatchLineException($"body.stop must be a string or an array of strings, got {Json.Describe(stop)}");
    }

    private static ResponseFormat? ReadResponseFormat(JsonElement body)
    {
        if (Json.Optional(body, "response_format") is not { } format)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidBatchLineException($"body.response_format must be an object, got {Json.Describe(format)}");
        }

        var type = Json.Optional(format, "type");
        switch (type is { ValueKind: JsonValueKind.String } ? type.Value.GetString() : null)
        {
            case "text":
                return new ResponseFormat { Type = ResponseFormat.Types.Type.Text };
            case "json_object":
                return new ResponseFormat { Type = ResponseFormat.Types.Type.JsonObject };
            case "json_schema":
                return ReadJsonSchema(format);
            default:
                throw new InvalidBatchLineException(type is null
                    ? "body.response_format.type is required"
                    : $"body.response_format.type must be one of text, json_object, json_schema; got {Json.Describe(type.Value)}");
        }
    }

    private static ResponseFormat ReadJsonSchema(JsonElement format)
    {
        const string Path = "body.response_format.json_schema";
        if (Json.Optional(format, "json_schema") is not { ValueKind: JsonValueKind.Object } schema)
        {
            throw new InvalidBatchLineException($"{Path} must be an object when type is json_schema");
        }

        if (Json.Optional(schema, "name") is not { ValueKind: JsonValueKind.String } name || name.GetString() is not { Length: > 0 })
        {
            throw new InvalidBatchLineException($"{Path}.name is required");
        }

        var result = new ResponseFormat { Type = ResponseFormat.Types.Type.JsonSchema, SchemaName = name.GetString()! };
        if (Json.Optional(schema, "schema") is { } definition)
        {
            result.JsonSchema = definition.ValueKind == JsonValueKind.Object
                ? Json.Compact(definition)
                : throw new InvalidBatchLineException($"{Path}.schema must be an object, got {Json.Describe(definition)}");
        }

        if (Json.Optional(schema, "strict") is { } strict)
        {
            result.Strict = strict.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new InvalidBatchLineException($"{Path}.strict must be a boolean, got {Json.Describe(strict)}"),
            };
        }

        return result;
    }

    private static void ReadTags(JsonElement body, IDictionary<string, string> tags)
    {
        if (Json.Optional(body, "metadata") is not { } metadata)
        {
            return;
        }

        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidBatchLineException($"body.metadata must be an object of strings, got {Json.Describe(metadata)}");
        }

        foreach (var property in metadata.EnumerateObject())
        {
            tags[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw new InvalidBatchLineException($"body.metadata.{property.Name} must be a string, got {Json.Describe(property.Value)}");
        }
    }
}
