using LlmBroker.Cli.Infrastructure;
using LlmBroker.Cli.Submission;
using LlmBroker.Cli.Topology;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Tests;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("90s", 90_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("00:02:00", 120_000)]
    public void TryParse_ValidDuration_ReturnsIt(string text, long expectedMs)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("m")]
    [InlineData("10 m")]
    [InlineData("-5s")]
    [InlineData("5w")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(600_000, "10m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(86_400_000, "1d")]
    [InlineData(250, "250ms")]
    public void Format_Duration_ReadsLikeInput(long ms, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void From_MixedResults_CountsOkFailedMissingAndCost()
    {
        Result?[] results =
        [
            new Result { Status = ResultStatus.Ok, CostNanoUsd = 1_234_567_890 },
            new Result { Status = ResultStatus.Failed, CostNanoUsd = 10 },
            null,
        ];

        var summary = BatchSummary.From(results, invalidLines: 2);

        Assert.Equal("submitted=3 ok=1 failed=2 invalid_lines=2 cost_usd=1.2345679", summary.ToString());
        Assert.False(summary.Succeeded);
    }

    [Fact]
    public void For_Prefix_KeepsPartitionsRetentionAndDeletePolicy()
    {
        var topic = TopicPlan.For("p.").Single(t => t.Name == "p.llm.results");

        Assert.Equal(6, topic.Partitions);
        Assert.Equal("259200000", topic.Configs["retention.ms"]);
        Assert.Equal("delete", topic.Configs["cleanup.policy"]);
    }
}
