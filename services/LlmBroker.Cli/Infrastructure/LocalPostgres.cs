using System.Diagnostics;

namespace LlmBroker.Cli.Infrastructure;

/// <summary>
/// The development PostgreSQL server of a source checkout: <c>infra/postgres/start.sh</c> starts one
/// (or reuses the running one) and prints its connection string.
/// </summary>
internal static class LocalPostgres
{
    private const string OutputPrefix = "LLMBROKER_PG=";

    /// <summary>The solution file that marks the root of a checkout.</summary>
    private const string SolutionFile = "LlmBroker.sln";

    /// <summary>Runs the start script of the checkout around the current directory (or this program) and returns the connection string it printed.</summary>
    /// <exception cref="InvalidOperationException">No checkout was found, or the script failed.</exception>
    public static async Task<string> StartAsync(CancellationToken cancellationToken)
    {
        var root = FindRepositoryRoot(Environment.CurrentDirectory) ?? FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException(
                $"no PostgreSQL connection string (--pg or Postgres__ConnectionString) and no {SolutionFile} above the current directory to find infra/postgres/start.sh");
        var script = Path.Combine(root, "infra", "postgres", "start.sh");
        var startInfo = new ProcessStartInfo("bash")
        {
            ArgumentList = { script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            // No timeout of our own: on a fresh machine the script first installs PostgreSQL with apt-get.
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var line = (await output.ConfigureAwait(false)).Split('\n').LastOrDefault(l => l.StartsWith(OutputPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException(
                $"{script} failed (exit code {process.ExitCode}); pass --pg to use another server:\n{(await errors.ConfigureAwait(false)).TrimEnd()}");
        }

        return line[OutputPrefix.Length..].Trim();
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> holding the solution file, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
