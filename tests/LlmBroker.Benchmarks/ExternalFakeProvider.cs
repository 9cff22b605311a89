using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace LlmBroker.Benchmarks;

/// <summary>A child process started from a .NET program copied beside the harness.</summary>
internal static class ChildProcess
{
    public static async Task<(Process Process, string Line)> StartAsync(string dll, string marker, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                ?? throw new InvalidOperationException($"{dll} exited before printing '{marker}'");
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                return (process, line[(at + marker.Length)..].Trim());
            }
        }
    }

    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}

/// <summary>
/// The Kafka mock cluster in a process of its own (infra/kafka-host), as a real broker would be.
/// </summary>
internal sealed class ExternalKafka : IAsyncDisposable
{
    private readonly Process _process;

    private ExternalKafka(Process process, string bootstrap)
    {
        _process = process;
        BootstrapServers = bootstrap;
    }

    public string BootstrapServers { get; }

    /// <summary>The host process's id (to read its CPU time).</summary>
    public int ProcessId => _process.Id;

    public static async Task<ExternalKafka> StartAsync()
    {
        var (process, bootstrap) = await ChildProcess.StartAsync("LlmBroker.KafkaHost.dll", "bootstrap=");
        return new ExternalKafka(process, bootstrap);
    }

    public ValueTask DisposeAsync() => new(ChildProcess.StopAsync(_process));
}

/// <summary>
/// The fake provider in a process of its own, as a real provider would be: its memory and threads
/// are not counted in the measured process.
/// </summary>
internal sealed class ExternalFakeProvider : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new();

    private ExternalFakeProvider(Process process, Uri baseAddress, bool http2)
    {
        _process = process;
        BaseAddress = baseAddress;
        _http.BaseAddress = baseAddress;
        if (http2)
        {
            _http.DefaultRequestVersion = System.Net.HttpVersion.Version20;
            _http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
    }

    public Uri BaseAddress { get; }

    public Uri OpenAIEndpoint => new(BaseAddress, "v1");

    /// <summary>Starts the fake provider speaking HTTP/2 (h2c), as providers do over TLS, or HTTP/1.1.</summary>
    public static async Task<ExternalFakeProvider> StartAsync(TimeSpan latency, bool http2 = false)
    {
        string[] args = ["--port", "0", "--latency-ms", ((int)latency.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "--max-logged-requests", "0"];
        var (process, address) = await ChildProcess.StartAsync("LlmBroker.FakeProvider.dll", "listening on ", http2 ? [.. args, "--http2"] : args);
        return new ExternalFakeProvider(process, new Uri(address.EndsWith('/') ? address : address + "/"), http2);
    }

    /// <summary>
    /// Makes a share of requests fail with 503 (the fake provider's seeded random source decides which),
    /// after the latency as an answer would come, or at once as a loaded endpoint rejects a request.
    /// </summary>
    public async Task FailShareAsync(double probability, bool atOnce = false)
    {
        var body = $$"""{"failures":[{"kind":"serviceUnavailable","probability":{{probability.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"atOnce":{{(atOnce ? "true" : "false")}}}],"seed":42}""";
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("_fake/behavior", content);
        response.EnsureSuccessStatusCode();
    }

    public async Task<long> MaxInFlightAsync()
    {
        var stats = await _http.GetFromJsonAsync<JsonElement>("_fake/stats");
        return stats.GetProperty("maxInFlight").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await ChildProcess.StopAsync(_process);
    }
}
