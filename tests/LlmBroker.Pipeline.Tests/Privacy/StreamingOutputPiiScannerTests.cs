using System.Text.RegularExpressions;
using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Privacy;

namespace LlmBroker.Pipeline.Tests.Privacy;

/// <summary>
/// The streaming output scan with the production recognizers: what the deltas release, concatenated,
/// equals the final result's scan of the whole answer, and no released piece carries new PII.
/// </summary>
public sealed partial class StreamingOutputPiiScannerTests
{
    private static readonly PiiDetector s_detector = new(new PiiDetectorOptions());

    private static readonly Dictionary<string, string> s_mapping = new()
    {
        ["PERSON_1"] = "Alice Martin",
        ["EMAIL_1"] = "alice.martin@example.com",
    };

    private const string NewEmail = "mallory.keys@evil-corp.example";
    private const string NewPhone = "+1 415 555 2671";

    private static readonly string s_answer =
        $"Dear <PERSON_1>, thank you for the report you sent to <EMAIL_1> last week. For follow-up questions "
        + $"please write to {NewEmail} or call {NewPhone} between nine and five. Kind regards, the support team.";

    private static OutputPiiScanner Scanner(PrivacyPolicies? policies = null) => new(s_detector, policies ?? PrivacyTestKit.Policies());

    [Fact]
    public void Push_EntitiesSplitIntoTwoAtEveryPosition_ConcatenationEqualsFinalScanAndNoPieceLeaks()
    {
        var expected = Scanner().Scan(s_answer, "app", () => s_mapping).ClientOutput;
        Assert.DoesNotContain(NewEmail, expected, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPhone, expected, StringComparison.Ordinal);

        for (var i = 0; i <= s_answer.Length; i++)
        {
            var stream = Scanner().Stream("app", () => s_mapping);
            string[] pieces = [stream.Push(s_answer[..i]), stream.Push(s_answer[i..]), stream.Flush()];

            Assert.True(expected == string.Concat(pieces), $"split at {i}: '{string.Concat(pieces)}'");
            Assert.Equal(2, stream.UnknownCount);
            AssertNoPieceLeaks(pieces, $"split at {i}");
        }
    }

    [Fact]
    public void Push_EntitiesSplitIntoThreeAcrossTheirCharacters_ConcatenationEqualsFinalScan()
    {
        var expected = Scanner().Scan(s_answer, "app", () => s_mapping).ClientOutput;
        var email = s_answer.IndexOf(NewEmail, StringComparison.Ordinal);
        var phone = s_answer.IndexOf(NewPhone, StringComparison.Ordinal);

        // Every pair of cuts inside the e-mail, and the second piece ending inside the phone number.
        for (var i = email; i <= email + NewEmail.Length; i++)
        {
            for (var j = i; j <= phone + NewPhone.Length; j += 3)
            {
                var stream = Scanner().Stream("app", () => s_mapping);
                string[] pieces = [stream.Push(s_answer[..i]), stream.Push(s_answer[i..j]), stream.Push(s_answer[j..]), stream.Flush()];

                Assert.True(expected == string.Concat(pieces), $"split at {i}, {j}: '{string.Concat(pieces)}'");
                AssertNoPieceLeaks(pieces, $"split at {i}, {j}");
            }
        }
    }

    [Fact]
    public void Push_OneWordPerDelta_NoPieceLeaksAndTextReleasedBeforeTheEnd()
    {
        var expected = Scanner().Scan(s_answer, "app", () => s_mapping).ClientOutput;
        var stream = Scanner().Stream("app", () => s_mapping);

        var pieces = Words(s_answer).Select(stream.Push).ToList();
        pieces.Add(stream.Flush());

        Assert.Equal(expected, string.Concat(pieces));
        AssertNoPieceLeaks(pieces, "word deltas");
        Assert.True(pieces.Count(p => p.Length > 0) >= 3, "text is released while the answer streams, not only at the end");
        Assert.True(pieces[^1].Length <= StreamingOutputPiiScanner.HoldBack + StreamingOutputPiiScanner.Step + 16, $"held back at the end: {pieces[^1].Length}");
    }

    [Fact]
    public void Flush_EntityAtTheVeryEnd_MaskedWhole()
    {
        const string answer = "Sure, here it is: mallory.keys@evil-corp.example";
        var stream = Scanner().Stream("app", () => s_mapping);

        var pieces = Words(answer).Select(stream.Push).ToList();
        pieces.Add(stream.Flush());

        Assert.Equal("Sure, here it is: <EMAIL>", string.Concat(pieces));
        Assert.Equal(Scanner().Scan(answer, "app", () => s_mapping).ClientOutput, string.Concat(pieces));
        Assert.Equal(1, stream.UnknownCount);
    }

    [Fact]
    public void Push_SeveralEntitiesInOneDelta_AllMaskedAndCounted()
    {
        var answer = $"Contacts: {NewEmail}, {NewPhone} and bob.stone@other.example are the people to ask about it, "
            + "and nobody else should be contacted for this matter at all, thank you very much.";
        var stream = Scanner().Stream("app", () => s_mapping);

        var released = stream.Push(answer);
        var rest = stream.Flush();

        Assert.StartsWith("Contacts: <EMAIL>, <PHONE> and <EMAIL> are the people", released, StringComparison.Ordinal);
        Assert.Equal(Scanner().Scan(answer, "app", () => s_mapping).ClientOutput, released + rest);
        Assert.Equal(3, stream.UnknownCount);
    }

    [Fact]
    public void Push_InputValuesAndPlaceholders_LeftForTheRestorerAndNotCounted()
    {
        const string answer = "Yes, <PERSON_1> can be reached at alice.martin@example.com or <EMAIL_1>, as you wrote before.";
        var stream = Scanner().Stream("app", () => s_mapping);

        var streamed = Stream(stream, answer);

        Assert.Equal(answer, streamed);
        Assert.Equal(0, stream.UnknownCount);
        Assert.Equal("Yes, Alice Martin can be reached at alice.martin@example.com or alice.martin@example.com, as you wrote before.", Placeholders.Restore(streamed, s_mapping));
    }

    [Fact]
    public void Push_FlagPolicy_NewPiiPassesAndIsCounted()
    {
        var policies = PrivacyTestKit.Policies(o => o.Apps["crm"] = new PrivacyPolicyRule { Output = "Flag" });
        var stream = Scanner(policies).Stream("crm", () => s_mapping);

        var pieces = Words(s_answer).Select(stream.Push).ToList();
        pieces.Add(stream.Flush());

        Assert.Equal(s_answer, string.Concat(pieces));
        Assert.Equal(2, stream.UnknownCount);
        Assert.Equal(Scanner(policies).Scan(s_answer, "crm", () => s_mapping).UnknownCount, stream.UnknownCount);
    }

    [Fact]
    public void Reset_AfterPartialAnswer_ForgetsTextAndCount()
    {
        var stream = Scanner().Stream("app", () => s_mapping);
        stream.Push(s_answer);

        stream.Reset();
        var streamed = stream.Push("A short answer without anything personal.") + stream.Flush();

        Assert.Equal("A short answer without anything personal.", streamed);
        Assert.Equal(0, stream.UnknownCount);
    }

    [Fact]
    public void Push_NoPii_MappingNeverOpened()
    {
        var stream = Scanner().Stream("app", () => throw new InvalidOperationException("opened"));

        var streamed = Stream(stream, "There is nothing personal at all in this rather long answer, which keeps going on about the weather, only words and more words.");

        Assert.EndsWith("only words and more words.", streamed, StringComparison.Ordinal);
        Assert.Equal(0, stream.UnknownCount);
    }

    private static void AssertNoPieceLeaks(IEnumerable<string> pieces, string because)
    {
        foreach (var piece in pieces)
        {
            Assert.False(piece.Contains("mallory", StringComparison.Ordinal) || piece.Contains("evil-corp", StringComparison.Ordinal), $"{because}: '{piece}'");
            Assert.False(piece.Contains("2671", StringComparison.Ordinal) || piece.Contains("415 555", StringComparison.Ordinal), $"{because}: '{piece}'");
        }
    }

    private static string Stream(StreamingOutputPiiScanner stream, string answer)
    {
        var pieces = Words(answer).Select(stream.Push).ToList();
        return string.Concat(pieces) + stream.Flush();
    }

    // As the fake provider streams: each word with the whitespace before it.
    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"\s*\S+")]
    private static partial Regex WordPattern();
}
