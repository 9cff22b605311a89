using System.Globalization;
using System.Text;
using LlmBroker.Redaction.Pii;
using LlmBroker.Redaction.Pii.Internal;

namespace LlmBroker.Redaction.Tests;

/// <summary>
/// Fitting the phone weights: every phone candidate the detector scores (before the threshold, with the context pre-check
/// off), its features and whether it is a labelled phone; an L2-regularised logistic regression over them; and a
/// leave-one-corpus-out comparison of fitted and hand weights. Deterministic: same corpora, same output.
/// </summary>
internal static class PhoneFit
{
    /// <summary>One scored candidate.</summary>
    public sealed record Row(string Corpus, int Case, string CaseId, int Start, int End, string Value, PhoneFeatures Features, double[] X, bool Phone);

    /// <summary>One corpus: its candidates, and its phone labels per case.</summary>
    public sealed record Data(string Corpus, List<Row> Rows, List<List<string>> Labels, int Reachable, List<List<PiiMatch>> Others)
    {
        public int LabelCount => Labels.Sum(l => l.Count);
    }

    /// <summary>The columns of the feature vector; the three validity columns are one-hot and stand for the intercept.</summary>
    public static readonly string[] Columns =
    [
        "ValidInternational", "ValidNational", "Possible", "KnownType", "GroupedLong", "StandardGrouping", "OddGrouping", "PhoneCue",
        "PhoneWordNamesIt", "ReferenceNamesIt", "ReferenceNear", "PartOfSomethingElse", "DeclaredFake", "YearPrefixed", "AfterNumberSign",
        "WordLabel", "AcronymLabel", "CheckDigitTail", "TextRegion",
    ];

    /// <summary>Validity columns: not penalised (they are the intercepts).</summary>
    private const int Intercepts = 3;

    /// <summary>The feature vector, as <see cref="PhoneScore.Of"/> reads the features (a label counts unless the number is +CC international).</summary>
    public static double[] Vector(in PhoneFeatures f)
    {
        var labelled = !(f.Validity == PhoneValidity.ValidInternational && f.InternationalPrefix);
        static double B(bool b) => b ? 1 : 0;
        return
        [
            B(f.Validity == PhoneValidity.ValidInternational), B(f.Validity == PhoneValidity.ValidNational), B(f.Validity == PhoneValidity.Possible),
            B(f.KnownType), B(f.GroupedLong), B(f.StandardGrouping), B(f.OddGrouping), B(f.PhoneCue), B(f.PhoneWordNamesIt), B(f.ReferenceNamesIt),
            B(f.ReferenceNear), B(f.PartOfSomethingElse), B(f.DeclaredFake), B(f.YearPrefixed), B(f.AfterNumberSign),
            B(labelled && f.Label == PhoneLabel.Word), B(labelled && f.Label == PhoneLabel.Acronym), B(f.CheckDigitTail), B(f.TextRegion),
        ];
    }

    /// <summary>Runs the detector over one corpus with the phone observer on.</summary>
    public static Data Collect(PiiDetector detector, string corpus, List<CorpusCase> cases)
    {
        var rows = new List<Row>();
        var labels = new List<List<string>>();
        var reachable = 0;
        var others = new List<List<PiiMatch>>();
        var options = new PiiDetectorOptions();
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var seen = new List<(int Start, int End, PhoneFeatures Features)>();
            PhoneRecognizer.Observer = (s, e, f) => seen.Add((s, e, f));
            try
            {
                // Other types' candidates that pass their thresholds compete with phones for the same span, as in the detector.
                others.Add([.. detector.Candidates(c.Text).Where(m => m.Type != PiiEntityType.Phone && m.Length > 0 && m.Score >= options.ThresholdFor(m.Type))]);
            }
            finally
            {
                PhoneRecognizer.Observer = null;
            }

            var phones = c.Entities.Where(e => e.Type == PiiEntityType.Phone).Select(e => e.Value).ToList();
            labels.Add(phones);
            foreach (var (s, e, f) in seen)
            {
                var value = c.Text[s..e];
                rows.Add(new Row(corpus, i, c.Id, s, e, value, f, Vector(f), phones.Contains(value)));
            }

            reachable += phones.Distinct().Sum(p => Math.Min(phones.Count(q => q == p), seen.Count(x => c.Text[x.Start..x.End] == p)));
        }

        return new Data(corpus, rows, labels, reachable, others);
    }

    /// <summary>The corpora: the main corpus (dev, holdout, fresh in one) and each held-out corpus.</summary>
    public static List<Data> CollectAll(PiiDetector detector, List<CorpusCase> main, IReadOnlyDictionary<string, List<CorpusCase>> heldout) =>
        [Collect(detector, "main", main), .. heldout.OrderBy(h => CorpusOrder(h.Key)).Select(h => Collect(detector, h.Key, h.Value))];

    private static int CorpusOrder(string name) => int.Parse(name.AsSpan("heldout".Length), CultureInfo.InvariantCulture);

    /// <summary>
    /// L2-regularised logistic regression by Newton's method (a handful of steps on 18 columns); the validity columns act as
    /// intercepts and are not penalised.
    /// </summary>
    public static double[] Fit(IReadOnlyList<Row> rows, double lambda)
    {
        var d = Columns.Length;
        var w = new double[d];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = new double[d];
            var hessian = new double[d, d];
            for (var j = Intercepts; j < d; j++)
            {
                gradient[j] = lambda * w[j];
                hessian[j, j] = lambda;
            }

            // Tiny ridge on the intercepts keeps the system solvable when a validity level has no candidate.
            for (var j = 0; j < Intercepts; j++)
            {
                gradient[j] = 1e-6 * w[j];
                hessian[j, j] = 1e-6;
            }

            foreach (var row in rows)
            {
                var p = Sigmoid(Dot(w, row.X));
                var y = row.Phone ? 1.0 : 0.0;
                var v = p * (1 - p);
                for (var j = 0; j < d; j++)
                {
                    if (row.X[j] == 0)
                    {
                        continue;
                    }

                    gradient[j] += (p - y) * row.X[j];
                    for (var k = 0; k < d; k++)
                    {
                        hessian[j, k] += v * row.X[j] * row.X[k];
                    }
                }
            }

            var step = Solve(hessian, gradient);
            var change = 0.0;
            for (var j = 0; j < d; j++)
            {
                w[j] -= step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }

            if (change < 1e-9)
            {
                break;
            }
        }

        return w;
    }

    public static double Dot(double[] w, double[] x)
    {
        var sum = 0.0;
        for (var j = 0; j < w.Length; j++)
        {
            sum += w[j] * x[j];
        }

        return sum;
    }

    /// <summary>The fitted score on <see cref="PhoneScore"/>'s scale: 0.5 at the threshold, clipped to [0, 1], as the generated constants would give it.</summary>
    public static double Scaled(double[] w, Row row, double threshold) =>
        row.Features.Validity == PhoneValidity.None ? 0 : Math.Clamp(0.5 + (Scale * (Dot(w, row.X) - threshold)), 0, 1);

    /// <summary>Score units per logit unit in the generated constants.</summary>
    public const double Scale = 0.25;

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (var k = 0; k < n; k++)
            {
                (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
            }

            (x[col], x[pivot]) = (x[pivot], x[col]);
            for (var r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var factor = m[r, col] / m[col, col];
                for (var k = col; k < n; k++)
                {
                    m[r, k] -= factor * m[col, k];
                }

                x[r] -= factor * x[col];
            }
        }

        for (var r = 0; r < n; r++)
        {
            x[r] /= m[r, r];
        }

        return x;
    }

    /// <summary>Phone counts on one corpus as the detector would report them: kept candidates greedily by score, no overlaps, matched to labels by value.</summary>
    public static (int Tp, int Fp, int Fn) Evaluate(Data data, Func<Row, double> score, double threshold = 0.5)
    {
        int tp = 0, fp = 0, labels = data.LabelCount;
        foreach (var group in data.Rows.GroupBy(r => r.Case))
        {
            var expected = data.Labels[group.Key].ToList();
            var kept = new List<(int Start, int End)>();
            var pool = group.Where(r => score(r) >= threshold).Select(r => (Row: r, Start: r.Start, End: r.End, Score: score(r)))
                .Concat(data.Others[group.Key].Select(m => (Row: (Row?)null, Start: m.Start, End: m.End, Score: m.Score))!);
            foreach (var (row, start, end, _) in pool.OrderByDescending(r => r.Score).ThenByDescending(r => r.End - r.Start).ThenBy(r => r.Start))
            {
                if (kept.Any(k => start < k.End && k.Start < end))
                {
                    continue;
                }

                kept.Add((start, end));
                if (row is null)
                {
                    continue;
                }

                var index = expected.IndexOf(row.Value);
                if (index >= 0)
                {
                    tp++;
                    expected.RemoveAt(index);
                }
                else
                {
                    fp++;
                }
            }
        }

        return (tp, fp, labels - tp);
    }

    /// <summary>The lowest logit threshold that still keeps recall at <paramref name="recall"/> on the given corpora, as high as it may go.</summary>
    public static double ChooseThreshold(IReadOnlyList<Data> corpora, double[] w, double recall)
    {
        // Candidate thresholds: every distinct logit, highest first; recall only grows as the threshold falls.
        var logits = corpora.SelectMany(c => c.Rows).Select(r => Math.Round(Dot(w, r.X), 9)).Distinct().OrderByDescending(v => v).ToList();
        var labels = corpora.Sum(c => c.LabelCount);
        foreach (var t in logits)
        {
            var tp = corpora.Sum(c => Evaluate(c, r => Scaled(w, r, t - 1e-9)).Tp);
            if (tp >= recall * labels)
            {
                return t - 1e-9;
            }
        }

        return logits.Count > 0 ? logits[^1] - 1e-9 : 0;
    }

    /// <summary>Leave-one-corpus-out: for each held-out corpus, fit on all the others, choose the threshold there, measure the one left out.</summary>
    public static string Loco(List<Data> all, double lambda, double recall, out double[] final, out double finalThreshold)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"leave-one-corpus-out, L2 lambda {lambda}, threshold for training recall >= {recall}");
        text.AppendLine("| left out | labels | reachable | hand P | hand R | fitted P | fitted R | fitted TP/FP/FN |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        double hp = 0, hr = 0, fp = 0, fr = 0;
        var n = 0;
        foreach (var left in all.Where(d => d.Corpus != "main"))
        {
            var train = all.Where(d => d != left).ToList();
            var w = Fit(train.SelectMany(d => d.Rows).ToList(), lambda);
            var t = ChooseThreshold(train, w, recall);
            var hand = Evaluate(left, r => PhoneScore.Of(r.Features));
            var fitted = Evaluate(left, r => Scaled(w, r, t));
            var (hP, hR) = Pr(hand);
            var (fP, fR) = Pr(fitted);
            hp += hP;
            hr += hR;
            fp += fP;
            fr += fR;
            n++;
            text.AppendLine(inv, $"| {left.Corpus} | {left.LabelCount} | {left.Reachable} | {hP:0.000} | {hR:0.000} | {fP:0.000} | {fR:0.000} | {fitted.Tp}/{fitted.Fp}/{fitted.Fn} |");
        }

        text.AppendLine(inv, $"| mean | | | {hp / n:0.000} | {hr / n:0.000} | {fp / n:0.000} | {fr / n:0.000} | |");
        final = Fit(all.SelectMany(d => d.Rows).ToList(), lambda);
        finalThreshold = ChooseThreshold(all, final, recall);
        return text.ToString();
    }

    public static (double Precision, double Recall) Pr((int Tp, int Fp, int Fn) c) =>
        (c.Tp + c.Fp == 0 ? 1 : c.Tp / (double)(c.Tp + c.Fp), c.Tp + c.Fn == 0 ? 1 : c.Tp / (double)(c.Tp + c.Fn));

    /// <summary>The fitted weights as <see cref="PhoneScore"/> constants: score = 0.5 + scale × (logit − threshold), clipped to [0, 1].</summary>
    public static string Constants(double[] w, double threshold, double scale)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        for (var j = 0; j < Columns.Length; j++)
        {
            var value = j < Intercepts ? 0.5 + (scale * (w[j] - threshold)) : scale * w[j];
            text.AppendLine(inv, $"    public const double {Columns[j]} = {Math.Round(value, 4):0.0###};");
        }

        return text.ToString();
    }
}
