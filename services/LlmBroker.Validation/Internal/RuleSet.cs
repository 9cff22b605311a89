using System.Text.RegularExpressions;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Validation.Internal;

/// <summary>Output rules ready to run: patterns compiled, app and request rules combined.</summary>
internal sealed class RuleSet
{
    /// <summary>No single pattern may hold a validator thread longer than this.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    public static RuleSet Empty { get; } = new();

    public int? MaxLength { get; private init; }

    public IReadOnlyList<Regex> Required { get; private init; } = [];

    public IReadOnlyList<Regex> Forbidden { get; private init; } = [];

    public IReadOnlyList<(string Term, Regex Pattern)> Banned { get; private init; } = [];

    public bool DetectRefusal { get; private init; }

    public string? ExpectedLanguage { get; private init; }

    public bool Grounding { get; private init; } = true;

    /// <summary>Checks one configured rule set; one message per problem, prefixed with <paramref name="at"/>.</summary>
    public static IEnumerable<string> Check(OutputRuleOptions rules, string at)
    {
        if (rules.MaxLength is <= 0)
        {
            yield return $"{at}:MaxLength must be positive (got {rules.MaxLength}).";
        }

        foreach (var error in PatternErrors(rules.RequiredPatterns, $"{at}:RequiredPatterns").Concat(PatternErrors(rules.ForbiddenPatterns, $"{at}:ForbiddenPatterns")))
        {
            yield return error;
        }

        for (var i = 0; i < rules.BannedTerms.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(rules.BannedTerms[i]))
            {
                yield return $"{at}:BannedTerms:{i} must not be empty.";
            }
        }

        if (!string.IsNullOrEmpty(rules.ExpectedLanguage) && !LanguageDetector.IsSupported(rules.ExpectedLanguage))
        {
            yield return $"{at}:ExpectedLanguage '{rules.ExpectedLanguage}' is not supported (supported: {string.Join(", ", LanguageDetector.Supported.Order())}).";
        }
    }

    /// <summary>The app's configured rules over the defaults (lists add up, set values replace). Valid options only.</summary>
    public static RuleSet FromOptions(OutputRuleOptions defaults, OutputRuleOptions? app) => new()
    {
        MaxLength = app?.MaxLength ?? defaults.MaxLength,
        Required = [.. defaults.RequiredPatterns.Concat(app?.RequiredPatterns ?? []).Select(Compile)],
        Forbidden = [.. defaults.ForbiddenPatterns.Concat(app?.ForbiddenPatterns ?? []).Select(Compile)],
        Banned = [.. defaults.BannedTerms.Concat(app?.BannedTerms ?? []).Select(Term)],
        DetectRefusal = app?.DetectRefusal ?? defaults.DetectRefusal ?? false,
        ExpectedLanguage = NullIfEmpty(app?.ExpectedLanguage ?? defaults.ExpectedLanguage)?.ToLowerInvariant(),
        Grounding = app?.Grounding ?? defaults.Grounding ?? true,
    };

    /// <summary>
    /// These rules tightened by a request's own: lists add up, the smaller length wins, the request's
    /// language wins. Returns the problems instead when the request's rules are invalid.
    /// </summary>
    public RuleSet With(ValidationRules? request, out IReadOnlyList<string> errors)
    {
        errors = [];
        if (request is null)
        {
            return this;
        }

        var problems = new List<string>();
        if (request.MaxLength < 0)
        {
            problems.Add($"validation.max_length must not be negative (got {request.MaxLength})");
        }

        problems.AddRange(PatternErrors(request.RequiredPatterns, "validation.required_patterns"));
        problems.AddRange(PatternErrors(request.ForbiddenPatterns, "validation.forbidden_patterns"));
        if (request.BannedTerms.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("validation.banned_terms must not hold empty terms");
        }

        if (request.ExpectedLanguage.Length > 0 && !LanguageDetector.IsSupported(request.ExpectedLanguage))
        {
            problems.Add($"validation.expected_language '{request.ExpectedLanguage}' is not supported (supported: {string.Join(", ", LanguageDetector.Supported.Order())})");
        }

        if (problems.Count > 0)
        {
            errors = problems;
            return this;
        }

        return new RuleSet
        {
            MaxLength = request.MaxLength > 0 ? Math.Min(request.MaxLength, MaxLength ?? int.MaxValue) : MaxLength,
            Required = [.. Required, .. request.RequiredPatterns.Select(Compile)],
            Forbidden = [.. Forbidden, .. request.ForbiddenPatterns.Select(Compile)],
            Banned = [.. Banned, .. request.BannedTerms.Select(Term)],
            DetectRefusal = DetectRefusal || request.DetectRefusal,
            ExpectedLanguage = request.ExpectedLanguage.Length > 0 ? request.ExpectedLanguage.ToLowerInvariant() : ExpectedLanguage,
            Grounding = Grounding,
        };
    }

    private static IEnumerable<string> PatternErrors(IList<string> patterns, string at)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            string? error = null;
            try
            {
                _ = new Regex(patterns[i], RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException e)
            {
                error = $"{at}:{i} is not a valid regular expression: {e.Message}";
            }

            if (error is not null)
            {
                yield return error;
            }
        }
    }

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, PatternTimeout);

    private static (string, Regex) Term(string term) =>
        (term, new Regex(@"(?<!\w)" + Regex.Escape(term.Trim()) + @"(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
