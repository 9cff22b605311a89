using Json.Schema;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmBroker.Contracts.V1;
using Microsoft.Extensions.Options;

namespace LlmBroker.Validation.Internal;

/// <summary>
/// Runs the checks that apply to an answer: the response format (JSON mode, JSON schema), the app's
/// configured rules tightened by the request's own, and grounding when the request has sources.
/// </summary>
internal sealed class OutputValidator : IOutputValidator
{
    private readonly RuleSet _defaults;
    private readonly Dictionary<string, RuleSet> _apps;

    public OutputValidator(IOptions<ValidationOptions> options)
    {
        var value = options.Value;
        _defaults = RuleSet.FromOptions(value.Default, null);
        _apps = value.Apps.ToDictionary(a => a.Key, a => RuleSet.FromOptions(value.Default, a.Value), StringComparer.Ordinal);
    }

    public ValidationReport Validate(ProviderResponse response)
    {
        var redacted = response.Request;
        var request = redacted.Request;
        var run = new List<string>();
        var failed = new List<string>();
        var problems = new List<string>();

        var rules = (_apps.GetValueOrDefault(request.App) ?? _defaults).With(request.Validation, out var ruleErrors);
        JsonSchema? schema = null;
        if (request.ResponseFormat is { Type: ResponseFormat.Types.Type.JsonSchema } format)
        {
            schema = JsonChecks.Build(format.JsonSchema, out var schemaError);
            if (schemaError is not null)
            {
                ruleErrors = [.. ruleErrors, schemaError];
            }
        }

        if (ruleErrors.Count > 0)
        {
            return Report([ValidationChecks.Rules], [ValidationChecks.Rules], [.. ruleErrors.Select(e => $"{ValidationChecks.Rules}: {e}")]) with { Repairable = false };
        }

        var output = response.Output;
        void Check(string name, IEnumerable<string> found)
        {
            run.Add(name);
            var list = found.ToList();
            if (list.Count > 0)
            {
                failed.Add(name);
                problems.AddRange(list.Select(p => $"{name}: {p}"));
            }
        }

        var formatType = request.ResponseFormat?.Type ?? ResponseFormat.Types.Type.Unspecified;
        if (formatType is ResponseFormat.Types.Type.JsonObject or ResponseFormat.Types.Type.JsonSchema)
        {
            var objectProblem = JsonChecks.ObjectProblem(output, out var document);
            using (document)
            {
                Check(ValidationChecks.JsonObject, objectProblem is null ? [] : [objectProblem]);
                if (schema is not null)
                {
                    Check(ValidationChecks.JsonSchema, document is null || objectProblem is not null ? ["the answer is not a JSON object, so the schema cannot hold"] : JsonChecks.SchemaProblems(schema, document));
                }
            }
        }

        if (rules.MaxLength is { } max)
        {
            Check(ValidationChecks.MaxLength, output.Length > max ? [$"the answer has {output.Length} characters; at most {max} are allowed"] : []);
        }

        if (rules.Required.Count > 0)
        {
            Check(ValidationChecks.RequiredPatterns, rules.Required.Where(r => !Matches(r, output)).Select(r => $"the answer must match the pattern /{r}/"));
        }

        if (rules.Forbidden.Count > 0)
        {
            Check(ValidationChecks.ForbiddenPatterns, rules.Forbidden.Where(r => Matches(r, output)).Select(r => $"the answer must not match the pattern /{r}/"));
        }

        if (rules.Banned.Count > 0)
        {
            Check(ValidationChecks.BannedTerms, rules.Banned.Where(b => Matches(b.Pattern, output)).Select(b => $"the answer contains the banned term '{b.Term}'"));
        }

        if (rules.DetectRefusal)
        {
            Check(ValidationChecks.Refusal, RefusalDetector.IsRefusal(output) ? ["the answer refuses the task; answer it"] : []);
        }

        if (rules.ExpectedLanguage is { } expected)
        {
            var detected = LanguageDetector.Detect(output);
            Check(ValidationChecks.Language, detected is not null && detected != expected ? [$"the answer is written in '{detected}'; it must be in '{expected}'"] : []);
        }

        var messageCount = redacted.Repair is { OriginalMessageCount: > 0 } repair ? repair.OriginalMessageCount : request.Messages.Count;
        var sources = rules.Grounding ? GroundingChecker.Sources(request, messageCount) : [];
        if (sources.Count > 0)
        {
            Check(ValidationChecks.Grounding, GroundingChecker.Ungrounded(output, sources));
        }

        return Report(run, failed, problems);
    }

    private static ValidationReport Report(List<string> run, List<string> failed, List<string> problems) =>
        new(run, failed, problems.Count == 0 ? null : string.Join("; ", problems)) { Problems = problems };

    /// <summary>A pattern that runs out of time counts as a match: the answer is suspicious either way, and the reason says so.</summary>
    private static bool Matches(Regex pattern, string output)
    {
        try
        {
            return pattern.IsMatch(output);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
