using LlmBroker.Redaction.Privacy;

namespace LlmBroker.Pipeline.Tests.Privacy;

public sealed class OutputPiiScannerTests
{
    private static readonly Dictionary<string, string> s_mapping = new() { ["EMAIL_1"] = "alice@example.com" };

    [Fact]
    public void Scan_NewPiiWithMaskPolicy_MaskedInBothAndCounted()
    {
        var scanner = new OutputPiiScanner(TestPiiDetector.Instance, PrivacyTestKit.Policies());

        var scan = scanner.Scan("Ask <EMAIL_1> or mallory@evil.example, phone +1 415 555 2671.", "app", () => s_mapping);

        Assert.Equal("Ask <EMAIL_1> or <EMAIL>, phone <PHONE>.", scan.PiiFreeOutput);
        Assert.Equal("Ask <EMAIL_1> or <EMAIL>, phone <PHONE>.", scan.ClientOutput);
        Assert.Equal(2, scan.UnknownCount);
    }

    [Fact]
    public void Scan_NewPiiWithFlagPolicy_ClientKeepsItOutcomeMasksIt()
    {
        var policies = PrivacyTestKit.Policies(o => o.Apps["crm"] = new PrivacyPolicyRule { Output = "Flag" });
        var scanner = new OutputPiiScanner(TestPiiDetector.Instance, policies);

        var scan = scanner.Scan("Write to mallory@evil.example", "crm", () => s_mapping);

        Assert.Equal("Write to <EMAIL>", scan.PiiFreeOutput);
        Assert.Equal("Write to mallory@evil.example", scan.ClientOutput);
        Assert.Equal(1, scan.UnknownCount);
    }

    [Fact]
    public void Scan_ValueFromThePromptReproduced_NotCountedButStillMaskedInOutcome()
    {
        var scanner = new OutputPiiScanner(TestPiiDetector.Instance, PrivacyTestKit.Policies());

        var scan = scanner.Scan("It is alice@example.com", "app", () => s_mapping);

        Assert.Equal("It is <EMAIL>", scan.PiiFreeOutput);
        Assert.Equal("It is alice@example.com", scan.ClientOutput);
        Assert.Equal(0, scan.UnknownCount);
    }

    [Fact]
    public void Scan_NoPii_MappingNeverOpened()
    {
        var scanner = new OutputPiiScanner(TestPiiDetector.Instance, PrivacyTestKit.Policies());

        var scan = scanner.Scan("Nothing personal here, <PERSON_1>.", "app", () => throw new InvalidOperationException("opened"));

        Assert.Equal(0, scan.UnknownCount);
        Assert.Equal("Nothing personal here, <PERSON_1>.", scan.PiiFreeOutput);
    }
}
