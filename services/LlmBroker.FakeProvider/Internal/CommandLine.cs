using System.Globalization;

namespace LlmBroker.FakeProvider.Internal;

/// <summary>The executable's arguments; every problem is reported, not just the first.</summary>
internal static class CommandLine
{
    public const int DefaultPort = 8089;

    public const string Usage = """
        usage: LlmBroker.FakeProvider [options]
          --port N                  TCP port (default 8089; 0 picks a free port)
          --host ADDRESS            address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
          --latency-ms MS           delay before every answer (default 0)
          --latency-jitter-ms MS    delay varies within ± this (default 0)
          --reply TEXT              fixed answer text (default: "echo: " + last user message)
          --api-key KEY             require this API key; repeat for several (default: any key)
          --seed N                  seed for failure probabilities and jitter (default 42)
          --max-logged-requests N   size of the request log (default 100000; 0 disables it)
          --http2                   speak HTTP/2 without TLS (prior knowledge, h2c) instead of HTTP/1.1
          -h, --help                show this help
        Failures and everything else can be set at run time: POST /_fake/behavior.
        """;

    /// <summary>Parses <paramref name="args"/>; <c>Options</c> is null when there are errors or help was asked for.</summary>
    public static (FakeProviderOptions? Options, IReadOnlyList<string> Errors, bool Help) Parse(IReadOnlyList<string> args)
    {
        var errors = new List<string>();
        var port = DefaultPort;
        var host = System.Net.IPAddress.Loopback;
        double latencyMs = 0, jitterMs = 0;
        string? reply = null;
        var apiKeys = new List<string>();
        var seed = 42;
        var maxLogged = 100_000;
        var http2 = false;

        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (name is "-h" or "--help")
            {
                return (null, [], true);
            }

            if (name is "--http2" && inlineValue is null)
            {
                http2 = true;
                continue;
            }

            if (name is not ("--port" or "--host" or "--latency-ms" or "--latency-jitter-ms" or "--reply" or "--api-key" or "--seed" or "--max-logged-requests"))
            {
                errors.Add($"unknown argument '{args[i]}'");
                continue;
            }

            var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                errors.Add($"{name} needs a value");
                continue;
            }

            switch (name)
            {
                case "--port": port = Int(name, value, errors, port); break;
                case "--host":
                    if (!System.Net.IPAddress.TryParse(value, out var parsed))
                    {
                        errors.Add($"--host must be an IP address, got '{value}'");
                    }
                    else
                    {
                        host = parsed;
                    }

                    break;
                case "--latency-ms": latencyMs = Double(name, value, errors); break;
                case "--latency-jitter-ms": jitterMs = Double(name, value, errors); break;
                case "--reply": reply = value; break;
                case "--api-key": apiKeys.Add(value); break;
                case "--seed": seed = Int(name, value, errors, seed); break;
                case "--max-logged-requests": maxLogged = Int(name, value, errors, maxLogged); break;
            }
        }

        var options = new FakeProviderOptions
        {
            Port = port,
            BindAddress = host,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            LatencyJitter = TimeSpan.FromMilliseconds(jitterMs),
            Reply = reply,
            RequiredApiKeys = apiKeys,
            Seed = seed,
            MaxLoggedRequests = maxLogged,
            Http2 = http2,
        };
        errors.AddRange(options.Validate());
        return (errors.Count == 0 ? options : null, errors, false);
    }

    private static int Int(string name, string value, List<string> errors, int fallback)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        errors.Add($"{name} must be an integer (was '{value}')");
        return fallback;
    }

    private static double Double(string name, string value, List<string> errors)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && double.IsFinite(result))
        {
            return result;
        }

        errors.Add($"{name} must be a number of milliseconds (was '{value}')");
        return 0;
    }
}
