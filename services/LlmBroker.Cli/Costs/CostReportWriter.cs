using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmBroker.Storage;
using Spectre.Console;

namespace LlmBroker.Cli.Costs;

/// <summary>Renders a <see cref="CostReport"/> as a terminal table, CSV or JSON.</summary>
internal static class CostReportWriter
{
    private static readonly string[] s_csvHeader =
        ["tenant", "app", "model", "requests", "failed_requests", "input_tokens", "output_tokens", "cost_usd"];

    /// <summary>
    /// A table with one line per tenant, app and model and the totals in its footer; counts with
    /// thousands separators, cost with 6 decimals.
    /// </summary>
    public static Table Table(CostReport report)
    {
        var total = report.Total;
        var table = new Table()
            .AddColumn(new TableColumn("tenant").Footer("[bold]total[/]"))
            .AddColumn(new TableColumn("app"))
            .AddColumn(new TableColumn("model"))
            .AddColumn(Number("requests", Count(total.Requests)))
            .AddColumn(Number("failed", Count(total.FailedRequests)))
            .AddColumn(Number("input tokens", Count(total.InputTokens)))
            .AddColumn(Number("output tokens", Count(total.OutputTokens)))
            .AddColumn(Number("cost_usd", Usd(total.CostUsd)));
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Tenant),
                Markup.Escape(row.App),
                Markup.Escape(row.Model),
                Count(row.Requests),
                Count(row.FailedRequests),
                Count(row.InputTokens),
                Count(row.OutputTokens),
                Usd(row.CostUsd));
        }

        return table;

        static TableColumn Number(string header, string footer) =>
            new TableColumn(header).RightAligned().Footer(new Markup($"[bold]{footer}[/]").RightJustified());
    }

    /// <summary>Writes the rows as CSV: a header line, then one line per row; the cost is exact (9 decimals).</summary>
    public static void WriteCsv(CostReport report, TextWriter writer)
    {
        writer.Write(string.Join(',', s_csvHeader));
        writer.Write('\n');
        foreach (var row in report.Rows)
        {
            string[] fields =
            [
                Csv(row.Tenant),
                Csv(row.App),
                Csv(row.Model),
                Integer(row.Requests),
                Integer(row.FailedRequests),
                Integer(row.InputTokens),
                Integer(row.OutputTokens),
                row.CostUsd.ToString("0.000000000", CultureInfo.InvariantCulture),
            ];
            writer.Write(string.Join(',', fields));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Writes one indented JSON object: <c>from</c>, <c>to</c>, <c>tenant</c>, <c>rows</c> (snake_case
    /// fields as in the CSV) and <c>total</c>; costs are JSON numbers, exact to 9 decimals.
    /// </summary>
    public static void WriteJson(CostReport report, TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("from", report.From);
            json.WriteString("to", report.To);
            if (report.Tenant is null)
            {
                json.WriteNull("tenant");
            }
            else
            {
                json.WriteString("tenant", report.Tenant);
            }

            json.WriteStartArray("rows");
            foreach (var row in report.Rows)
            {
                json.WriteStartObject();
                json.WriteString("tenant", row.Tenant);
                json.WriteString("app", row.App);
                json.WriteString("model", row.Model);
                WriteAmounts(json, row);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("total");
            WriteAmounts(json, report.Total);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        writer.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        writer.Write('\n');
    }

    private static void WriteAmounts(Utf8JsonWriter json, AppModelCost row)
    {
        json.WriteNumber("requests", row.Requests);
        json.WriteNumber("failed_requests", row.FailedRequests);
        json.WriteNumber("input_tokens", row.InputTokens);
        json.WriteNumber("output_tokens", row.OutputTokens);
        json.WritePropertyName("cost_usd");
        // The stored scale (always 9 decimals) says nothing: write the shortest exact number.
        json.WriteRawValue(row.CostUsd.ToString("0.#########", CultureInfo.InvariantCulture));
    }

    /// <summary>A count for people: <c>12,345</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A cost for people: 6 decimals, <c>0.001234</c>.</summary>
    public static string Usd(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
