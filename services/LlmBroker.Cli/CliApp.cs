using System.Runtime.InteropServices;
using LlmBroker.Cli.Infrastructure;
using Spectre.Console.Cli;

namespace LlmBroker.Cli;

/// <summary>
/// Builds the <c>llmbroker</c> command app around a set of commands: services for constructor
/// injection, and one error policy (usage errors exit 2, failures 1, Ctrl+C 130, each reported on
/// stderr as <c>error: …</c>).
/// </summary>
internal static class CliApp
{
    public static CommandApp Create(Action<IConfigurator> addCommands, CliServices services)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("llmbroker");
            config.UseStrictParsing();
            config.ConfigureConsole(services.Terminal.Console);
            config.Settings.Registrar.RegisterInstance(services.Terminal);
            config.Settings.Registrar.RegisterInstance(services.Environment);
            config.Settings.Registrar.RegisterInstance(services.Time);
            config.Settings.Registrar.RegisterInstance(services.Clients);
            config.CancellationExitCode(ExitCodes.Cancelled);
            config.SetExceptionHandler((exception, _) => Report(exception, services.Terminal));
            addCommands(config);
        });
        return app;
    }

    /// <summary>
    /// Runs the app in this process; the first Ctrl+C or SIGTERM cancels the command, a second one
    /// kills the process.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Action<IConfigurator> addCommands)
    {
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // A service manager (systemd, docker stop, a CI runner) asks with SIGTERM; stop as cleanly as on Ctrl+C.
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = !interrupted.IsCancellationRequested;
            interrupted.Cancel();
        });
        try
        {
            return await Create(addCommands, CliServices.FromProcess()).RunAsync(args, interrupted.Token).ConfigureAwait(false);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int Report(Exception exception, Terminal terminal)
    {
        if (exception is OperationCanceledException)
        {
            terminal.Error.WriteLine("error: interrupted");
            return ExitCodes.Cancelled;
        }

        terminal.Error.WriteLine($"error: {exception.Message}");
        return exception is CommandAppException ? ExitCodes.Usage : ExitCodes.Failed;
    }
}
