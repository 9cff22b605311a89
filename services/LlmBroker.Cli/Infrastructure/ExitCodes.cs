namespace LlmBroker.Cli.Infrastructure;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but something failed (invalid input lines, failed requests, broker errors).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command or option, bad value, missing setting.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
