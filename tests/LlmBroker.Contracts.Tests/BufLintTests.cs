using LlmBroker.Contracts.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LlmBroker.Contracts.Tests;

public sealed class BufLintTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BufLint_CurrentProtos_ExitsZero()
    {
        var result = await Buf.RunAsync(Buf.ContractsDirectory, "lint");

        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, $"buf lint failed:\n{result.Output}");
    }
}
