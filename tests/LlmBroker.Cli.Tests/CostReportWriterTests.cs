using System.Text.Json;
using LlmBroker.Cli.Costs;
using LlmBroker.Storage;
using Spectre.Console;

namespace LlmBroker.Cli.Tests;

public sealed class CostReportWriterTests
{
    private static readonly DateTimeOffset s_from = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CostReport Report(params AppModelCost[] rows) => new(s_from, s_from.AddDays(7), Tenant: null, rows);

    private static readonly AppModelCost s_digest = new("acme", "nightly-digest", "gpt-4o", 1200, 3, 1_234_567, 89_012, 12.345678912m);
    private static readonly AppModelCost s_search = new("acme", "search", "gpt-4o-mini", 40, 0, 800, 200, 0.000240000m);

    [Fact]
    public void WriteCsv_Rows_WritesHeaderAndOneLinePerRowWithExactCost()
    {
        var output = new StringWriter();

        CostReportWriter.WriteCsv(Report(s_digest, s_search), output);

        Assert.Equal(
            "tenant,app,model,requests,failed_requests,input_tokens,output_tokens,cost_usd\n" +
            "acme,nightly-digest,gpt-4o,1200,3,1234567,89012,12.345678912\n" +
            "acme,search,gpt-4o-mini,40,0,800,200,0.000240000\n",
            output.ToString());
    }

    [Fact]
    public void WriteCsv_NamesWithCommaQuoteAndNewline_AreQuotedPerRfc4180()
    {
        var output = new StringWriter();

        CostReportWriter.WriteCsv(Report(new AppModelCost("a,b", "say \"hi\"", "line\nbreak", 1, 0, 2, 3, 0.5m)), output);

        Assert.Equal("\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",1,0,2,3,0.500000000\n", output.ToString().Split('\n', 2)[1]);
    }

    [Fact]
    public void WriteCsv_NoRows_WritesOnlyTheHeader()
    {
        var output = new StringWriter();

        CostReportWriter.WriteCsv(Report(), output);

        Assert.Equal("tenant,app,model,requests,failed_requests,input_tokens,output_tokens,cost_usd\n", output.ToString());
    }

    [Fact]
    public void WriteJson_Rows_WritesPeriodRowsAndTotalWithShortestExactCosts()
    {
        var output = new StringWriter();

        CostReportWriter.WriteJson(Report(s_digest, s_search), output);

        var root = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal(s_from, root.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(s_from.AddDays(7), root.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tenant").ValueKind);
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("nightly-digest", rows[0].GetProperty("app").GetString());
        Assert.Equal("gpt-4o", rows[0].GetProperty("model").GetString());
        Assert.Equal(1_234_567, rows[0].GetProperty("input_tokens").GetInt64());
        Assert.Equal(3, rows[0].GetProperty("failed_requests").GetInt64());
        Assert.Equal("12.345678912", rows[0].GetProperty("cost_usd").GetRawText());
        Assert.Equal("0.00024", rows[1].GetProperty("cost_usd").GetRawText());
        var total = root.GetProperty("total");
        Assert.Equal(1240, total.GetProperty("requests").GetInt64());
        Assert.Equal(3, total.GetProperty("failed_requests").GetInt64());
        Assert.Equal(1_235_367, total.GetProperty("input_tokens").GetInt64());
        Assert.Equal(89_212, total.GetProperty("output_tokens").GetInt64());
        Assert.Equal(12.345918912m, total.GetProperty("cost_usd").GetDecimal());
        Assert.EndsWith("}\n", output.ToString());
    }

    [Fact]
    public void WriteJson_TenantAndNoRows_WritesTenantEmptyRowsAndZeroTotal()
    {
        var output = new StringWriter();

        CostReportWriter.WriteJson(new CostReport(s_from, s_from.AddHours(1), "acme", []), output);

        var root = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("acme", root.GetProperty("tenant").GetString());
        Assert.Empty(root.GetProperty("rows").EnumerateArray());
        Assert.Equal("0", root.GetProperty("total").GetProperty("cost_usd").GetRawText());
    }

    [Fact]
    public void Table_Rows_ShowsOneLinePerRowAndTotalsInTheFooter()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;

        console.Write(CostReportWriter.Table(Report(s_digest, s_search)));

        var lines = output.ToString().Split('\n').Where(l => l.StartsWith('│')).Select(Cells).ToList();
        Assert.Equal(["tenant", "app", "model", "requests", "failed", "input tokens", "output tokens", "cost_usd"], lines[0]);
        Assert.Equal(["acme", "nightly-digest", "gpt-4o", "1,200", "3", "1,234,567", "89,012", "12.345679"], lines[1]);
        Assert.Equal(["acme", "search", "gpt-4o-mini", "40", "0", "800", "200", "0.000240"], lines[2]);
        Assert.Equal(["total", "", "", "1,240", "3", "1,235,367", "89,212", "12.345919"], lines[3]);
        Assert.Equal(4, lines.Count);
    }

    private static string[] Cells(string line) => line.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray();
}
