using LlmBroker.Redaction.Pii;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmBroker.Redaction.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Constructor_InvalidOptions_ListsEveryError()
    {
        var options = new PiiDetectorOptions
        {
            DefaultThreshold = 1.5,
            Thresholds = { [PiiEntityType.Person] = -0.1 },
            PhoneRegions = ["US", "XX"],
            GivenNames = ["two words"],
        };
        var error = Assert.Throws<OptionsValidationException>(() => new PiiDetector(options));
        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("DefaultThreshold", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Thresholds:Person", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'XX'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("GivenNames:0", StringComparison.Ordinal));
    }

    [Fact]
    public void AddPiiDetector_InvalidSection_FailsAtStartWithEveryError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pii:DefaultThreshold"] = "2",
            ["Pii:PhoneRegions:0"] = "ZZZ",
        }).Build();
        using var provider = new ServiceCollection().AddPiiDetector(configuration.GetSection("Pii")).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IPiiDetector>());
        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public void AddPiiDetector_ValidSection_SingletonUsesThresholdsAndNameLists()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pii:Thresholds:Email"] = "0.99",
            ["Pii:GivenNames:0"] = "Zorblax",
            ["Pii:NotNames:0"] = "Priya",
        }).Build();
        using var provider = new ServiceCollection().AddPiiDetector(configuration.GetSection("Pii")).BuildServiceProvider();
        var detector = provider.GetRequiredService<IPiiDetector>();
        Assert.Same(detector, provider.GetRequiredService<IPiiDetector>());

        const string Text = "Zorblax Quimby wrote to a@example.com about Priya Sharma.";
        var found = detector.Detect(Text).Select(m => (m.Type, Text.Substring(m.Start, m.Length))).ToList();
        Assert.Contains((PiiEntityType.Person, "Zorblax Quimby"), found);
        Assert.DoesNotContain(found, f => f.Type == PiiEntityType.Email);
        Assert.DoesNotContain((PiiEntityType.Person, "Priya Sharma"), found);
    }
}

public sealed class HostingTests
{
    [Fact]
    public async Task AddPiiDetector_InvalidSection_HostStopsAtStartListingEveryError()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pii:Thresholds:Phone"] = "7",
            ["Pii:PhoneRegions:0"] = "Atlantis",
            ["Pii:Surnames:0"] = " ",
        });
        builder.Services.AddPiiDetector(builder.Configuration.GetSection(PiiDetectorOptions.SectionName));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(3, error.Failures.Count());
    }

    [Fact]
    public void Detect_ManyThreads_SameResultsAsOneThread()
    {
        var detector = new PiiDetector();
        var texts = CorpusEvaluation.Load().Select(c => c.Text).ToArray();
        var expected = texts.Select(t => detector.Detect(t).ToArray()).ToArray();
        var mismatches = 0;
        Parallel.For(0, texts.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var index = i % texts.Length;
            if (!detector.Detect(texts[index]).SequenceEqual(expected[index]))
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Detect_EmptyAndWhitespace_Nothing()
    {
        var detector = new PiiDetector();
        Assert.Empty(detector.Detect(""));
        Assert.Empty(detector.Detect("   \n\t "));
    }
}
