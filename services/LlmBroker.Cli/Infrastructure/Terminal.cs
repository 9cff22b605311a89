using Spectre.Console;

namespace LlmBroker.Cli.Infrastructure;

/// <summary>
/// Where a command writes. Data (JSON lines, summaries) goes through the plain writers so it is never
/// wrapped or decorated; <see cref="Console"/> renders progress bars and tables on stdout.
/// </summary>
internal sealed class Terminal(IAnsiConsole console, TextWriter output, TextWriter error, bool isInteractive, TextReader? input = null)
{
    /// <summary>Plain stdin (empty unless given).</summary>
    public TextReader Input { get; } = input ?? TextReader.Null;

    /// <summary>Rich rendering on stdout (progress bars, tables).</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain stdout.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Plain stderr: diagnostics such as <c>line N: reason</c>.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>True when stdout is a terminal, so live progress bars make sense.</summary>
    public bool IsInteractive { get; } = isInteractive;

    /// <summary>The process's own stdout and stderr.</summary>
    public static Terminal FromProcess()
    {
        var interactive = !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Console;
        if (!interactive)
        {
            // No terminal to fit: Spectre would assume 80 columns and wrap table cells in logs.
            console.Profile.Width = RedirectedWidth;
        }

        return new(console, System.Console.Out, System.Console.Error, interactive, System.Console.In);
    }

    /// <summary>Width used for tables when stdout is a file or a pipe.</summary>
    public const int RedirectedWidth = 160;
}
