using System.ComponentModel;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Redaction;
using LlmBroker.Redaction.Pii;
using Spectre.Console.Cli;

namespace LlmBroker.Cli.Commands;

[Description("Detect PII in text or JSONL ({\"text\": ...} per line) on stdin; print one JSON line per input with the redacted text and the entities found")]
internal sealed class RedactCommand(Terminal terminal) : AsyncCommand<RedactSettings>
{
    // Output goes to terminals and files, never into HTML: keep placeholders and accents readable.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override async Task<int> ExecuteAsync(CommandContext context, RedactSettings settings, CancellationToken cancellationToken)
    {
        var detector = new PiiDetector();
        using var file = settings.Input is null ? null : new StreamReader(settings.Input, Encoding.UTF8);
        var input = file ?? terminal.Input;
        var format = settings.Format;
        var bad = 0;
        if (format == "text")
        {
            var text = await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await WriteAsync(detector, text, lineNumber: null).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var lineNumber = 0;
        var pending = new List<string>();
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (format == "auto")
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    pending.Add(line);
                    continue;
                }

                if (!line.TrimStart().StartsWith('{'))
                {
                    // Plain text: everything read so far and the rest is one input.
                    var rest = await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    var text = string.Join('\n', pending.Append(line)) + (rest.Length > 0 ? "\n" + rest : "");
                    await WriteAsync(detector, text.TrimEnd('\n'), lineNumber: null).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                format = "jsonl";
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!TryReadText(line, out var value, out var error))
            {
                bad++;
                await terminal.Error.WriteLineAsync($"line {lineNumber}: {error}").ConfigureAwait(false);
                continue;
            }

            await WriteAsync(detector, value, lineNumber).ConfigureAwait(false);
        }

        return bad == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static bool TryReadText(string line, out string text, out string error)
    {
        text = "";
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object with a \"text\" field";
                return false;
            }

            if (!doc.RootElement.TryGetProperty("text", out var value))
            {
                error = "missing \"text\" field";
                return false;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                error = "\"text\" must be a string";
                return false;
            }

            text = value.GetString()!;
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            error = $"invalid JSON ({e.Message.Split(". ")[0]})";
            return false;
        }
    }

    private async Task WriteAsync(PiiDetector detector, string text, int? lineNumber)
    {
        var (redacted, entities) = PlaceholderRedactor.Redact(text, detector.Detect(text));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            if (lineNumber is { } n)
            {
                json.WriteNumber("line", n);
            }

            json.WriteString("text", redacted);
            json.WriteStartArray("entities");
            foreach (var entity in entities)
            {
                json.WriteStartObject();
                json.WriteString("type", PlaceholderRedactor.Label(entity.Type));
                json.WriteNumber("start", entity.Start);
                json.WriteNumber("end", entity.End);
                json.WriteNumber("score", Math.Round(entity.Score, 3));
                json.WriteString("placeholder", entity.Placeholder);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await terminal.Output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
    }
}
