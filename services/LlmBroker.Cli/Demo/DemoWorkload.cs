using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Demo;

/// <summary>One app of the demo: who sends what, on which lane, to which model.</summary>
internal sealed record DemoApp(string Name, string Team, string Feature, Lane Lane, string Model, string Instructions, string[] Prompts);

/// <summary>
/// The requests the demo sends, in two waves. The first: varied prompts from four apps of three
/// teams on both lanes and two models, plus one request whose deadline has already passed (it ends
/// EXPIRED without a provider call). The second, sent once the first answers are cached: repeats of
/// first-wave prompts, served from the exact-match cache at no cost.
/// </summary>
internal sealed class DemoWorkload
{
    /// <summary>Tenant of every demo request.</summary>
    public const string Tenant = "demo";

    /// <summary>Fewest requests a demo can send: one answered, one expired, one repeat.</summary>
    public const int MinRequests = 3;

    /// <summary>Custom id of the request sent with a deadline in the past.</summary>
    public const string ExpiredCustomId = "support-bot-late";

    public static readonly IReadOnlyList<DemoApp> Apps =
    [
        new("support-bot", "support", "ticket-reply", Lane.Interactive, "gpt-4o-mini",
            "You are a friendly support agent for Acme Cloud. Answer in at most three sentences.",
            [
                "Ticket {0}: I was charged twice for my March invoice. Can you refund the duplicate charge?",
                "Ticket {0}: How do I reset my password when I no longer have access to my old email address?",
                "Ticket {0}: My order arrived with a cracked screen. What are my options?",
                "Ticket {0}: Can I switch from the monthly to the yearly plan without losing my data?",
            ]),
        new("search", "search", "query-rewrite", Lane.Interactive, "gpt-4o-mini",
            "Rewrite the user's search as at most five comma-separated keywords.",
            [
                "cheap direct flights from lisbon to berlin in may (query {0})",
                "noise cancelling headphones under 100 euros with long battery life (query {0})",
                "vegetarian restaurants near the office open after 10pm (query {0})",
            ]),
        new("nightly-digest", "growth", "weekly-digest", Lane.Batch, "gpt-4o",
            "Summarize the text in one sentence for the weekly customer digest.",
            [
                "Release notes {0}: CSV exports are three times faster, dark mode arrives on mobile, and the importer keeps empty columns.",
                "Interview notes {0}: the customer likes the API but finds onboarding too long and the pricing page confusing.",
            ]),
        new("catalog-enrichment", "catalog", "product-copy", Lane.Batch, "gpt-4o-mini",
            "Write a one-line product description for an online shop.",
            [
                "SKU {0}: stainless steel water bottle, 750 ml, keeps drinks cold for 24 hours, dishwasher safe.",
                "SKU {0}: wireless ergonomic mouse with silent clicks, USB-C charging, works on glass.",
                "SKU {0}: linen bed sheets, queen size, stone washed, natural oat colour.",
            ]),
    ];

    private DemoWorkload(IReadOnlyList<PromptRequest> firstWave, IReadOnlyList<PromptRequest> secondWave)
    {
        FirstWave = firstWave;
        SecondWave = secondWave;
    }

    /// <summary>New requests, answered by the provider; the last one has a deadline in the past.</summary>
    public IReadOnlyList<PromptRequest> FirstWave { get; }

    /// <summary>Copies of the first first-wave requests (new ids and custom ids), for the exact cache.</summary>
    public IReadOnlyList<PromptRequest> SecondWave { get; }

    /// <summary>Every request of both waves.</summary>
    public int Count => FirstWave.Count + SecondWave.Count;

    /// <summary>
    /// <paramref name="total"/> requests (at least <see cref="MinRequests"/>): a tenth of them, at
    /// least one, in the second wave.
    /// </summary>
    public static DemoWorkload Create(int total, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, MinRequests);
        var repeats = Math.Max(1, total / 10);
        var answered = total - repeats - 1;
        var sequence = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new List<PromptRequest>(answered + 1);
        for (var i = 0; i < answered; i++)
        {
            var app = Apps[i % Apps.Count];
            var prompt = app.Prompts[i / Apps.Count % app.Prompts.Length];
            // The number makes every first-wave prompt different, so each is a provider call.
            var number = (1000 + i).ToString(CultureInfo.InvariantCulture);
            var seq = sequence[app.Name] = sequence.GetValueOrDefault(app.Name) + 1;
            first.Add(Request(app, string.Format(CultureInfo.InvariantCulture, prompt, number), $"{app.Name}-{seq:D4}"));
        }

        var late = Request(Apps[0], string.Format(CultureInfo.InvariantCulture, Apps[0].Prompts[0], "0999"), ExpiredCustomId);
        late.Deadline = Timestamp.FromDateTimeOffset(now.AddMinutes(-1));
        first.Add(late);

        var second = first.Take(repeats).Select(original =>
        {
            var copy = original.Clone();
            copy.RequestId = "";
            copy.CustomId = original.CustomId + "-again";
            copy.Times = null;
            return copy;
        }).ToList();
        return new DemoWorkload(first, second);
    }

    private static PromptRequest Request(DemoApp app, string prompt, string customId)
    {
        var request = new PromptRequest
        {
            Tenant = Tenant,
            App = app.Name,
            Model = app.Model,
            Lane = app.Lane,
            CustomId = customId,
            BatchId = app.Lane == Lane.Batch ? $"demo-{app.Name}" : "",
            Params = new GenerationParams { MaxTokens = 200, Temperature = 0.2 },
            Messages =
            {
                new ChatMessage { Role = Role.System, Content = app.Instructions },
                new ChatMessage { Role = Role.User, Content = prompt },
            },
        };
        request.Tags["team"] = app.Team;
        request.Tags["feature"] = app.Feature;
        return request;
    }
}
