using System.Text.RegularExpressions;

namespace LlmBroker.Deployment.Tests;

/// <summary>
/// What the C# sources under services/ declare that configuration binds to: <c>SectionName</c> constants and
/// public property names (including positional record parameters, which are public properties too).
/// </summary>
internal static partial class ServiceSources
{
    private static readonly Lazy<(HashSet<string> Sections, HashSet<string> Properties)> s_index = new(Scan);

    /// <summary>Values of every <c>SectionName = "..."</c> constant. Case-insensitive, like .NET configuration keys.</summary>
    public static IReadOnlySet<string> SectionNames => s_index.Value.Sections;

    /// <summary>Names of every public property. Case-insensitive, like the configuration binder.</summary>
    public static IReadOnlySet<string> PublicPropertyNames => s_index.Value.Properties;

    private static (HashSet<string>, HashSet<string>) Scan()
    {
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var properties = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var servicesDir = RepositoryRoot.Combine("services");
        if (!Directory.Exists(servicesDir))
        {
            return (sections, properties);
        }

        foreach (var file in Directory.EnumerateFiles(servicesDir, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(servicesDir, file).Replace('\\', '/');
            if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            foreach (Match m in SectionNameConstant().Matches(text))
            {
                sections.Add(m.Groups["value"].Value);
            }

            foreach (Match m in PublicProperty().Matches(text))
            {
                properties.Add(m.Groups["name"].Value);
            }

            foreach (Match m in PositionalRecord().Matches(text))
            {
                foreach (var parameter in SplitTopLevel(m.Groups["parameters"].Value))
                {
                    var name = RecordParameterName().Match(parameter);
                    if (name.Success)
                    {
                        properties.Add(name.Groups["name"].Value);
                    }
                }
            }
        }

        return (sections, properties);
    }

    /// <summary>Splits a parameter list on the commas that are not inside &lt;&gt;, (), [] or a string.</summary>
    private static IEnumerable<string> SplitTopLevel(string parameters)
    {
        var depth = 0;
        var inString = false;
        var start = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            var c = parameters[i];
            if (c == '"')
            {
                inString = !inString;
            }
            else if (!inString && c is '<' or '(' or '[')
            {
                depth++;
            }
            else if (!inString && c is '>' or ')' or ']')
            {
                depth--;
            }
            else if (!inString && depth == 0 && c == ',')
            {
                yield return parameters[start..i];
                start = i + 1;
            }
        }

        yield return parameters[start..];
    }

    [GeneratedRegex("""\bSectionName\s*=\s*"(?<value>[^"]+)"\s*;""")]
    private static partial Regex SectionNameConstant();

    // `public [modifiers] Type Name { get; ... }`: a property with accessors, which the binder can set.
    [GeneratedRegex("""\bpublic\s+(?:(?:static|virtual|override|sealed|new|required|abstract|partial)\s+)*[\w.?<>\[\],\s]+?\s+(?<name>[A-Za-z_]\w*)\s*\{\s*(?:get|set|init)\b""")]
    private static partial Regex PublicProperty();

    // `record Name(Type A, Type B = default)` and `record class` / `record struct`, with optional type parameters.
    [GeneratedRegex("""\brecord\s+(?:class\s+|struct\s+)?\w+\s*(?:<[^>]*>)?\s*\((?<parameters>[^()]*(?:\([^()]*\)[^()]*)*)\)""")]
    private static partial Regex PositionalRecord();

    // The last identifier before an optional default value, after optional [attributes].
    [GeneratedRegex("""^\s*(?:\[[^\]]*\]\s*)*[\w.?<>\[\],\s]+?\s+(?<name>[A-Za-z_]\w*)\s*(?:=.*)?$""", RegexOptions.Singleline)]
    private static partial Regex RecordParameterName();
}
