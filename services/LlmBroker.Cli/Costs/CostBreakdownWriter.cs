using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmBroker.Storage;
using Spectre.Console;

namespace LlmBroker.Cli.Costs;

/// <summary>Renders a <see cref="CostBreakdownReport"/> as a table with a bar chart, CSV or JSON.</summary>
internal static class CostBreakdownWriter
{
    /// <summary>Most bars drawn; the table still lists every row.</summary>
    public const int MaxBars = 20;

    /// <summary>A table with one line per group and the totals in its footer.</summary>
    public static Table Table(CostBreakdownReport report)
    {
        var total = report.Total;
        var table = new Table()
            .AddColumn(new TableColumn(report.By).Footer("[bold]total[/]"))
            .AddColumn(Number("requests", CostReportWriter.Count(total.Requests)))
            .AddColumn(Number("failed", CostReportWriter.Count(total.FailedRequests)))
            .AddColumn(Number("cache hits", CostReportWriter.Count(total.CacheHits)))
            .AddColumn(Number("input tokens", CostReportWriter.Count(total.InputTokens)))
            .AddColumn(Number("output tokens", CostReportWriter.Count(total.OutputTokens)))
            .AddColumn(Number("cost_usd", CostReportWriter.Usd(total.CostUsd)));
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Key),
                CostReportWriter.Count(row.Requests),
                CostReportWriter.Count(row.FailedRequests),
                CostReportWriter.Count(row.CacheHits),
                CostReportWriter.Count(row.InputTokens),
                CostReportWriter.Count(row.OutputTokens),
                CostReportWriter.Usd(row.CostUsd));
        }

        return table;

        static TableColumn Number(string header, string footer) =>
            new TableColumn(header).RightAligned().Footer(new Markup($"[bold]{footer}[/]").RightJustified());
    }

    /// <summary>Cost per group as horizontal bars (the first <see cref="MaxBars"/> rows).</summary>
    public static BarChart Chart(CostBreakdownReport report)
    {
        var chart = new BarChart()
            .Label($"[bold]cost_usd by {report.By}[/]")
            .LeftAlignLabel()
            .WithMaxValue((double)Math.Max(report.Rows.Take(MaxBars).Select(r => r.CostUsd).DefaultIfEmpty(0m).Max(), 0.000001m));
        chart.ValueFormatter = (value, culture) => value.ToString("0.000000", culture);
        var colors = new[] { Color.Blue, Color.Green, Color.Yellow, Color.Aqua, Color.Fuchsia };
        var i = 0;
        foreach (var row in report.Rows.Take(MaxBars))
        {
            chart.AddItem(Markup.Escape(row.Key), (double)row.CostUsd, colors[i++ % colors.Length]);
        }

        return chart;
    }

    /// <summary>CSV: a header line (<c>{by},requests,...,cost_usd</c>), then one line per group; the cost is exact (9 decimals).</summary>
    public static void WriteCsv(CostBreakdownReport report, TextWriter writer)
    {
        writer.Write($"{report.By},requests,failed_requests,cache_hits,input_tokens,output_tokens,cost_usd\n");
        foreach (var row in report.Rows)
        {
            writer.Write(string.Join(
                ',',
                Csv(row.Key),
                Integer(row.Requests),
                Integer(row.FailedRequests),
                Integer(row.CacheHits),
                Integer(row.InputTokens),
                Integer(row.OutputTokens),
                row.CostUsd.ToString("0.000000000", CultureInfo.InvariantCulture)));
            writer.Write('\n');
        }
    }

    /// <summary>One indented JSON object: from, to, tenant, by, rows (key and amounts) and total.</summary>
    public static void WriteJson(CostBreakdownReport report, TextWriter writer)
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

            json.WriteString("by", report.By);
            json.WriteStartArray("rows");
            foreach (var row in report.Rows)
            {
                json.WriteStartObject();
                json.WriteString("key", row.Key);
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

    private static void WriteAmounts(Utf8JsonWriter json, GroupCost row)
    {
        json.WriteNumber("requests", row.Requests);
        json.WriteNumber("failed_requests", row.FailedRequests);
        json.WriteNumber("cache_hits", row.CacheHits);
        json.WriteNumber("input_tokens", row.InputTokens);
        json.WriteNumber("output_tokens", row.OutputTokens);
        json.WritePropertyName("cost_usd");
        json.WriteRawValue(row.CostUsd.ToString("0.#########", CultureInfo.InvariantCulture));
    }

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
