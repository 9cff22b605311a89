using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

public sealed class PhoneFitTests
{
    private static PhoneFit.Row Row(bool phone, params string[] set)
    {
        var x = new double[PhoneFit.Columns.Length];
        foreach (var name in set)
        {
            x[Array.IndexOf(PhoneFit.Columns, name)] = 1;
        }

        return new PhoneFit.Row("t", 0, "c", 0, 1, "1", default, x, phone);
    }

    private static List<PhoneFit.Row> Synthetic()
    {
        var rows = new List<PhoneFit.Row>();
        for (var i = 0; i < 20; i++)
        {
            rows.Add(Row(true, "ValidNational", "PhoneCue"));
            rows.Add(Row(false, "ValidNational", "ReferenceNamesIt"));
            rows.Add(Row(i % 2 == 0, "ValidNational"));
        }

        return rows;
    }

    [Fact]
    public void Fit_FeatureOnlyOnPhones_PositiveWeight_FeatureOnlyOnReferences_NegativeWeight()
    {
        var w = PhoneFit.Fit(Synthetic(), 1.0);
        Assert.True(w[Array.IndexOf(PhoneFit.Columns, "PhoneCue")] > 1);
        Assert.True(w[Array.IndexOf(PhoneFit.Columns, "ReferenceNamesIt")] < -1);
        Assert.Equal(0, w[Array.IndexOf(PhoneFit.Columns, "ValidNational")], 3);
    }

    [Fact]
    public void Fit_SameRows_SameWeights()
    {
        Assert.Equal(PhoneFit.Fit(Synthetic(), 0.5), PhoneFit.Fit(Synthetic(), 0.5));
    }

    [Fact]
    public void Collect_CandidateRuledOutByContext_StillExportedWithItsLabel()
    {
        var detector = new PiiDetector();
        const string Text = "Order 0170 3456789 shipped";

        // The detector itself drops it before parsing (a reference word names it) ...
        Assert.DoesNotContain(detector.Candidates(Text), m => m.Type == PiiEntityType.Phone);

        // ... and the export still scores it, once labelled and once not.
        var labelled = PhoneFit.Collect(detector, "t", [new CorpusCase("a", "t", Text, [(PiiEntityType.Phone, "0170 3456789")])]);
        var row = Assert.Single(labelled.Rows);
        Assert.True(row.Phone);
        Assert.True(row.Features.ReferenceNamesIt);
        Assert.Equal(1, labelled.Reachable);
        Assert.False(Assert.Single(PhoneFit.Collect(detector, "t", [new CorpusCase("a", "t", Text, [])]).Rows).Phone);
        Assert.Null(PhoneRecognizer.Observer);
    }

    [Theory]
    [InlineData(CorpusEvaluation.Heldout9)]
    [InlineData(CorpusEvaluation.Heldout10)]
    public void Evaluate_HandWeights_SameCountsAsTheDetector(string corpus)
    {
        var detector = new PiiDetector();
        var cases = CorpusEvaluation.LoadHeldout(corpus);
        var expected = CorpusEvaluation.Score(detector, cases)[PiiEntityType.Phone];
        var (tp, fp, fn) = PhoneFit.Evaluate(PhoneFit.Collect(detector, corpus, cases), r => PhoneScore.Of(r.Features), 0.5);
        Assert.Equal((expected.TruePositives, expected.FalsePositives, expected.FalseNegatives), (tp, fp, fn));
    }
}
