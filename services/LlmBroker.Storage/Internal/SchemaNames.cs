using System.Text.RegularExpressions;

namespace LlmBroker.Storage.Internal;

/// <summary>Checks schema names before they are placed into SQL text.</summary>
internal static partial class SchemaNames
{
    /// <summary>A plain lower-case PostgreSQL identifier: never needs quoting, cannot inject SQL.</summary>
    public const string Pattern = "^[a-z_][a-z0-9_]{0,62}$";

    /// <summary>Whether <paramref name="schema"/> matches <see cref="Pattern"/>.</summary>
    public static bool IsValid(string? schema) => schema is not null && SchemaRegex().IsMatch(schema);

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="schema"/> is not valid.</summary>
    public static string Validate(string? schema, string paramName = "schema") =>
        IsValid(schema)
            ? schema!
            : throw new ArgumentException(
                $"'{schema}' is not a valid schema name: use a-z, 0-9 and _, at most 63 characters, not starting with a digit.",
                paramName);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex SchemaRegex();
}
