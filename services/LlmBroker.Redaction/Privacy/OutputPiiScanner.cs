using System.Text;
using LlmBroker.Redaction.Pii;

namespace LlmBroker.Redaction.Privacy;

/// <summary>What the output scan found and the two texts it produced.</summary>
/// <param name="PiiFreeOutput">The output with every PII value masked: for the outcome.</param>
/// <param name="ClientOutput">The output for the client-facing result, before placeholders are restored.</param>
/// <param name="UnknownCount">PII values in the output that were not in the prompt.</param>
public sealed record OutputPiiScan(string PiiFreeOutput, string ClientOutput, int UnknownCount)
{
    /// <summary>A scan that found nothing in <paramref name="output"/>.</summary>
    public static OutputPiiScan Clean(string output) => new(output, output, 0);
}

/// <summary>
/// Finds PII in a model's (still pseudonymized) output. Everything found is masked for the PII-free
/// outcome; a value that was not in the prompt is counted and, by the app's policy, masked or left
/// (flagged) in the client-facing result.
/// </summary>
public sealed class OutputPiiScanner(IPiiDetector detector, PrivacyPolicies policies)
{
    /// <summary>Scans <paramref name="output"/> of a request of <paramref name="app"/>; <paramref name="mapping"/> is opened only when PII is found.</summary>
    public OutputPiiScan Scan(string output, string app, Func<IReadOnlyDictionary<string, string>> mapping)
    {
        if (output.Length == 0)
        {
            return OutputPiiScan.Clean(output);
        }

        var matches = detector.Detect(output);
        if (matches.Count == 0)
        {
            return OutputPiiScan.Clean(output);
        }

        HashSet<string>? known = null;
        var maskForClient = policies.OutputActionFor(app) == OutputPiiAction.Mask;
        var piiFree = new StringBuilder(output.Length);
        var client = new StringBuilder(output.Length);
        var cursor = 0;
        var unknown = 0;
        foreach (var match in matches)
        {
            if (match.Start < cursor || match.End > output.Length || policies.ActionFor(app, match.Type) == PiiAction.Allow)
            {
                continue;
            }

            var value = output.Substring(match.Start, match.Length);
            known ??= [.. mapping().Values];
            var mask = Placeholders.Mask(match.Type);
            piiFree.Append(output, cursor, match.Start - cursor).Append(mask);
            client.Append(output, cursor, match.Start - cursor);
            if (known.Contains(value))
            {
                client.Append(value);
            }
            else
            {
                unknown++;
                client.Append(maskForClient ? mask : value);
            }

            cursor = match.End;
        }

        if (cursor == 0)
        {
            return OutputPiiScan.Clean(output);
        }

        piiFree.Append(output, cursor, output.Length - cursor);
        client.Append(output, cursor, output.Length - cursor);
        return new OutputPiiScan(piiFree.ToString(), client.ToString(), unknown);
    }

    /// <summary>
    /// A scanner for one answer of <paramref name="app"/> as it streams: its released text, concatenated,
    /// equals the <see cref="OutputPiiScan.ClientOutput"/> of <see cref="Scan"/> for the whole answer.
    /// <paramref name="mapping"/> is opened only when PII is found.
    /// </summary>
    public StreamingOutputPiiScanner Stream(string app, Func<IReadOnlyDictionary<string, string>> mapping) => new(detector, policies, app, mapping);
}
