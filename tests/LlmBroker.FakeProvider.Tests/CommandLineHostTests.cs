using System.Net;
using LlmBroker.FakeProvider.Internal;

namespace LlmBroker.FakeProvider.Tests;

public sealed class CommandLineHostTests
{
    [Fact]
    public void Parse_HostGiven_ListensOnThatAddress()
    {
        var (options, errors, _) = CommandLine.Parse(["--host", "0.0.0.0", "--port", "0"]);

        Assert.Empty(errors);
        Assert.Equal(IPAddress.Any, options!.BindAddress);
    }

    [Fact]
    public void Parse_NoHost_ListensOnLoopbackOnly()
    {
        var (options, _, _) = CommandLine.Parse([]);

        Assert.Equal(IPAddress.Loopback, options!.BindAddress);
    }

    [Fact]
    public void Parse_HostNotAnAddress_ReportsError()
    {
        var (options, errors, _) = CommandLine.Parse(["--host", "example", "--port", "-5"]);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("--host must be an IP address", StringComparison.Ordinal));
        Assert.Equal(2, errors.Count);
    }
}
