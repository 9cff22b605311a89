using LlmBroker.Redaction.Privacy;

namespace LlmBroker.Pipeline.Tests.Privacy;

public sealed class PlaceholderRestoreTests
{
    private static readonly Dictionary<string, string> s_mapping = new()
    {
        ["PERSON_1"] = "Alice Martin",
        ["PERSON_12"] = "Bob Stone",
        ["EMAIL_1"] = "alice@example.com",
        ["PHONE_2"] = "+44 20 7946 0958",
    };

    [Theory]
    [InlineData("Hello <PERSON_1>.", "Hello Alice Martin.")]
    [InlineData("<PERSON_1>'s report", "Alice Martin's report")]
    [InlineData("PERSON_1's report", "Alice Martin's report")]
    [InlineData("Dear PERSON_1, write to EMAIL_1.", "Dear Alice Martin, write to alice@example.com.")]
    [InlineData("Dear <person_1>", "Dear Alice Martin")]
    [InlineData("Dear < PERSON_1 >!", "Dear Alice Martin!")]
    [InlineData("Dear <PERSON 1>", "Dear Alice Martin")]
    [InlineData("Dear [PERSON_1] and {Email_1}", "Dear Alice Martin and alice@example.com")]
    [InlineData("<PERSON_12> not <PERSON_1>", "Bob Stone not Alice Martin")]
    [InlineData("Call <PHONE_02>", "Call +44 20 7946 0958")]
    [InlineData("<PERSON_1><EMAIL_1>", "Alice Martinalice@example.com")]
    [InlineData("<PERSON_3> is unknown", "<PERSON_3> is unknown")]
    [InlineData("<EMAIL> stays masked", "<EMAIL> stays masked")]
    [InlineData("MY_PERSON_1 and PERSON_123 and XPERSON_1", "MY_PERSON_1 and PERSON_123 and XPERSON_1")]
    [InlineData("Person 1 and Email 1 in prose", "Person 1 and Email 1 in prose")]
    [InlineData("", "")]
    public void Restore_WhatModelsDoToPlaceholders_ValuesBackInPlace(string output, string expected)
    {
        Assert.Equal(expected, Placeholders.Restore(output, s_mapping));
    }

    public static TheoryData<string> StreamedAnswers =>
    [
        "Dear <PERSON_1>, your address EMAIL_1 is confirmed; call <PHONE_2>.",
        "<PERSON_12>'s and <person_1>'s [EMAIL_1]{PERSON_1}< PERSON 12 >",
        "PERSON_1PERSON_1 <PERSON_3> <EMAIL> XPERSON_1 PERSON_1234567 <PE <PERSON_",
        "a <b>tags</b> PERSONAL PHONE_2",
    ];

    [Theory]
    [MemberData(nameof(StreamedAnswers))]
    public void Push_SplitIntoTwoAtEveryPosition_ConcatenationEqualsWholeRestore(string answer)
    {
        var expected = Placeholders.Restore(answer, s_mapping);
        for (var i = 0; i <= answer.Length; i++)
        {
            var restorer = new StreamingPiiRestorer(s_mapping);
            var streamed = restorer.Push(answer[..i]) + restorer.Push(answer[i..]) + restorer.Flush();
            Assert.True(expected == streamed, $"split at {i}: '{streamed}'");
        }
    }

    [Theory]
    [MemberData(nameof(StreamedAnswers))]
    public void Push_SplitIntoThreeAtEveryPair_ConcatenationEqualsWholeRestore(string answer)
    {
        var expected = Placeholders.Restore(answer, s_mapping);
        for (var i = 0; i <= answer.Length; i++)
        {
            for (var j = i; j <= answer.Length; j++)
            {
                var restorer = new StreamingPiiRestorer(s_mapping);
                var streamed = restorer.Push(answer[..i]) + restorer.Push(answer[i..j]) + restorer.Push(answer[j..]) + restorer.Flush();
                Assert.True(expected == streamed, $"split at {i},{j}: '{streamed}'");
            }
        }
    }

    [Theory]
    [MemberData(nameof(StreamedAnswers))]
    public void Push_OneCharacterAtATime_NoPlaceholderFragmentEverEmitted(string answer)
    {
        var restorer = new StreamingPiiRestorer(s_mapping);
        var emitted = new List<string>();
        foreach (var c in answer)
        {
            emitted.Add(restorer.Push(c.ToString()));
        }

        emitted.Add(restorer.Flush());

        Assert.Equal(Placeholders.Restore(answer, s_mapping), string.Concat(emitted));
    }

    [Fact]
    public void Push_PlaceholderSplitMidway_HeldBackThenRestored()
    {
        var restorer = new StreamingPiiRestorer(s_mapping);

        var first = restorer.Push("Dear <PERS");
        var second = restorer.Push("ON_1>, hi");

        Assert.Equal("Dear ", first);
        Assert.Equal("Alice Martin, hi", second);
        Assert.Equal("", restorer.Flush());
    }

    [Fact]
    public void Reset_AfterPartialPlaceholder_PendingDiscarded()
    {
        var restorer = new StreamingPiiRestorer(s_mapping);
        restorer.Push("Dear <PERS");

        restorer.Reset();

        Assert.Equal("Hello Alice Martin", restorer.Push("Hello <PERSON_1>") + restorer.Flush());
    }
}
