using LlmBroker.Redaction.Pii.Internal;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Pii;

/// <summary>
/// Recognizer-based PII detection: source-generated patterns with checksums (Luhn, mod 97, SSN
/// ranges), libphonenumber for phone numbers, name lists for people, and Presidio-style context
/// scoring (cue words near a match raise its score; reference words such as "order" lower it).
/// Thread-safe; one instance serves the whole process.
/// </summary>
public sealed class PiiDetector : IPiiDetector
{
    private readonly IPiiRecognizer[] _recognizers;
    private readonly double[] _thresholds;

    /// <summary>Creates a detector; throws <see cref="OptionsValidationException"/> listing every invalid setting.</summary>
    public PiiDetector(PiiDetectorOptions options)
    {
        var errors = PiiDetectorOptionsValidator.Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PiiDetectorOptions), errors);
        }

        var types = Enum.GetValues<PiiEntityType>();
        _thresholds = new double[types.Length];
        foreach (var type in types)
        {
            _thresholds[(int)type] = options.ThresholdFor(type);
        }

        _recognizers =
        [
            new EmailRecognizer(),
            new UrlCredentialsRecognizer(),
            new SecretRecognizer(),
            new CreditCardRecognizer(),
            new IbanRecognizer(),
            new SsnRecognizer(),
            new IpAddressRecognizer(),
            new PhoneRecognizer(options.PhoneRegions),
            new DateOfBirthRecognizer(),
            new AddressRecognizer(),
            new NameRecognizer(new Gazetteer(options)),
        ];
    }

    /// <summary>A detector with the default options.</summary>
    public PiiDetector()
        : this(new PiiDetectorOptions())
    {
    }

    /// <inheritdoc />
    public IReadOnlyList<PiiMatch> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var found = new List<PiiMatch>();
        foreach (var recognizer in _recognizers)
        {
            recognizer.Find(text, found);
        }

        return Resolve(found, _thresholds);
    }

    /// <summary>The recognizers, in the order they run (for profiling).</summary>
    internal IReadOnlyList<object> Recognizers => _recognizers;

    /// <summary>Every candidate with its score before thresholds (for tests and tuning).</summary>
    internal List<PiiMatch> Candidates(string text)
    {
        var found = new List<PiiMatch>();
        foreach (var recognizer in _recognizers)
        {
            recognizer.Find(text, found);
        }

        return found;
    }

    private static List<PiiMatch> Resolve(List<PiiMatch> found, double[] thresholds)
    {
        found.RemoveAll(m => m.Score < thresholds[(int)m.Type] || m.Length == 0);
        if (found.Count <= 1)
        {
            return found;
        }

        // Strongest first (longer on ties), keep what does not overlap anything kept.
        found.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Length != a.Length ? b.Length.CompareTo(a.Length) : a.Start.CompareTo(b.Start));
        var kept = new List<PiiMatch>(found.Count);
        foreach (var candidate in found)
        {
            var overlaps = false;
            foreach (var k in kept)
            {
                if (candidate.Start < k.End && k.Start < candidate.End)
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                kept.Add(candidate);
            }
        }

        kept.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }
}
