namespace LlmBroker.KafkaHost;

/// <summary>Command line of the dev Kafka host; every problem is collected, not just the first.</summary>
internal sealed class HostArguments
{
    /// <summary>Upper bound for <c>--brokers</c>: more brokers only cost threads and ports.</summary>
    public const int MaxBrokers = 32;

    public const string Usage = """
        usage: LlmBroker.KafkaHost [--brokers N] [--bootstrap-file PATH]

        Starts librdkafka's in-memory Kafka mock cluster on 127.0.0.1, creates every pipeline topic,
        prints one line "kafka-mock bootstrap=HOST:PORT[,HOST:PORT...]" and runs until SIGTERM/SIGINT.

          --brokers N            number of brokers, 1 to 32 (default 1)
          --bootstrap-file PATH  also write the bootstrap servers to PATH (atomically; removed on exit)
          -h, --help             show this help

        """;

    private HostArguments()
    {
    }

    /// <summary>Number of brokers. Default 1.</summary>
    public int Brokers { get; private set; } = 1;

    /// <summary>Where to write the bootstrap servers, if anywhere.</summary>
    public string? BootstrapFile { get; private set; }

    public bool ShowHelp { get; private set; }

    public List<string> Errors { get; } = [];

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        var result = new HostArguments();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            switch (name)
            {
                case "-h" or "--help":
                    result.ShowHelp = true;
                    continue;
                case "--brokers" or "--bootstrap-file":
                    break;
                default:
                    result.Errors.Add($"unknown argument '{arg}'");
                    continue;
            }

            if (!seen.Add(name))
            {
                result.Errors.Add($"{name} is given more than once");
            }

            if (value is null)
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    result.Errors.Add($"{name} needs a value");
                    continue;
                }
            }

            if (name == "--brokers")
            {
                if (int.TryParse(value, out var brokers) && brokers is >= 1 and <= MaxBrokers)
                {
                    result.Brokers = brokers;
                }
                else
                {
                    result.Errors.Add($"--brokers must be a whole number from 1 to {MaxBrokers}, got '{value}'");
                }
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                result.Errors.Add("--bootstrap-file needs a non-empty path");
            }
            else if (Directory.Exists(value))
            {
                result.Errors.Add($"--bootstrap-file '{value}' is a directory");
            }
            else
            {
                result.BootstrapFile = Path.GetFullPath(value);
            }
        }

        return result;
    }
}
