using LlmBroker.Contracts;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction;

/// <summary>Checks the envelope of a prompt request: required fields, sizes and deadline.</summary>
public sealed class EnvelopeValidator(IOptions<EnvelopeOptions> options)
{
    private readonly EnvelopeOptions _options = options.Value;

    /// <summary>Every problem of the request, empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(PromptRequest request, DateTimeOffset now)
    {
        var errors = new List<string>();
        if (!RequestIds.IsValid(request.RequestId))
        {
            errors.Add("request_id must be a UUID");
        }

        Require(request.Tenant, "tenant", errors);
        Require(request.App, "app", errors);
        Require(request.Model, "model", errors);
        if (request.Messages.Count == 0 && request.Template is not { Name.Length: > 0 })
        {
            errors.Add("messages must not be empty");
        }
        else if (request.Messages.Count > _options.MaxMessages)
        {
            errors.Add($"messages has {request.Messages.Count} entries, more than {_options.MaxMessages}");
        }

        long chars = 0;
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            if (message.Role == Role.Unspecified)
            {
                errors.Add($"messages[{i}].role is missing");
            }

            chars += message.Content.Length;
        }

        if (chars > _options.MaxContentChars)
        {
            errors.Add($"message content has {chars} characters, more than {_options.MaxContentChars}");
        }

        if (request.Tags.Count > _options.MaxTags)
        {
            errors.Add($"tags has {request.Tags.Count} entries, more than {_options.MaxTags}");
        }

        foreach (var (key, value) in request.Tags)
        {
            if (key.Length == 0 || key.Length > _options.MaxTagLength || value.Length > _options.MaxTagLength)
            {
                errors.Add($"tag '{Truncate(key)}' has an empty or over-long key or value (limit {_options.MaxTagLength})");
            }
        }

        if (request.Deadline is { } deadline)
        {
            if (deadline.Seconds <= 0)
            {
                errors.Add("deadline is not a valid instant");
            }
            else if (deadline.ToDateTimeOffset() > now + _options.MaxDeadlineAhead)
            {
                errors.Add($"deadline is more than {_options.MaxDeadlineAhead} ahead");
            }
        }

        if (request.Params is { MaxTokens: < 0 })
        {
            errors.Add("params.max_tokens must not be negative");
        }

        if (request.Params is { HasTemperature: true, Temperature: < 0 or > 2 })
        {
            errors.Add("params.temperature must be between 0 and 2");
        }

        if (request.ResponseFormat is { Type: ResponseFormat.Types.Type.JsonSchema, JsonSchema.Length: 0 })
        {
            errors.Add("response_format.json_schema is required for a JSON schema response format");
        }

        if (request.Template is { } template)
        {
            if (template.Name.Length is 0 or > 128 || template.Label.Length > 64)
            {
                errors.Add("template.name must have 1 to 128 characters and template.label at most 64");
            }

            if (template.Variables.Count > _options.MaxTags || template.Variables.Sum(v => (long)v.Key.Length + v.Value.Length) > _options.MaxContentChars)
            {
                errors.Add($"template.variables has more than {_options.MaxTags} entries or {_options.MaxContentChars} characters");
            }
        }

        if (request.ReplyTopic.Length > 249 || request.ReplyTopic.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            errors.Add("reply_topic is not a valid topic name");
        }

        return errors;
    }

    private static void Require(string value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{name} is required");
        }
    }

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
