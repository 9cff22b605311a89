using System.Globalization;
using Google.Protobuf;
using LlmBroker.Contracts.V1;

namespace LlmBroker.Cli.Results;

/// <summary>Renders one result as a line: protobuf JSON, or a compact fixed-width table row.</summary>
internal static class ResultFormatter
{
    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default);

    /// <summary>The protobuf JSON mapping of the result on one line.</summary>
    public static string Json(Result result) => s_json.Format(result);

    public const string TableHeader =
        "TIME      REQUEST_ID                            CUSTOM_ID             STATUS             MODEL                  TOKENS        COST_USD  OUTPUT/ERROR";

    /// <summary>A table row; the last column is cut so the row fits <paramref name="width"/>.</summary>
    public static string TableRow(Result result, int width)
    {
        var time = (result.Times?.ValidatedAt ?? result.Times?.ProviderCompletedAt)?.ToDateTimeOffset().ToString("HH:mm:ss", CultureInfo.InvariantCulture) ?? "--:--:--";
        var tokens = result.Usage is { } usage ? $"{usage.InputTokens}/{usage.OutputTokens}" : "-";
        var cost = (result.CostNanoUsd / 1_000_000_000m).ToString("0.000000", CultureInfo.InvariantCulture);
        var detail = result.Status == ResultStatus.Ok ? result.Output : $"{result.Error?.Code}: {result.Error?.Message}";
        var row = string.Create(
            CultureInfo.InvariantCulture,
            $"{time,-9} {result.RequestId,-37} {Cut(result.CustomId, 21),-21} {Status(result.Status),-18} {Cut(result.Model, 22),-22} {tokens,-13} {cost,9}  ");
        return row + Cut(OneLine(detail), Math.Max(width - row.Length, 10));
    }

    private static string Status(ResultStatus status) => status switch
    {
        ResultStatus.Ok => "ok",
        ResultStatus.Failed => "failed",
        ResultStatus.Expired => "expired",
        ResultStatus.Rejected => "rejected",
        ResultStatus.FailedValidation => "failed_validation",
        ResultStatus.RateLimited => "rate_limited",
        _ => "unspecified",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
