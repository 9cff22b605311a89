using System.Text.RegularExpressions;

namespace LlmBroker.Redaction.Pii.Internal;

/// <summary>Finds candidate values of one or more entity types and scores them (before thresholds).</summary>
internal interface IPiiRecognizer
{
    void Find(string text, List<PiiMatch> found);
}
