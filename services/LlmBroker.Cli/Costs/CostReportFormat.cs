namespace LlmBroker.Cli.Costs;

/// <summary>The output formats of a <see cref="CostReport"/>.</summary>
internal static class CostReportFormat
{
    /// <summary>A table for people, with a total row.</summary>
    public const string Table = "table";

    /// <summary>RFC 4180 CSV with a header line, one line per row (no total: sum it where you load it).</summary>
    public const string Csv = "csv";

    /// <summary>One JSON object: the period, the rows and their total.</summary>
    public const string Json = "json";

    public static readonly IReadOnlyList<string> All = [Table, Csv, Json];
}
