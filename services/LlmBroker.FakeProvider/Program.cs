using System.Runtime.InteropServices;
using LlmBroker.FakeProvider;
using LlmBroker.FakeProvider.Internal;

var (options, errors, help) = CommandLine.Parse(args);
if (help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

if (options is null)
{
    Console.Error.WriteLine("fake-provider: invalid arguments:");
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"  - {error}");
    }

    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}

var stop = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

await using var server = await FakeProviderServer.StartAsync(options);
Console.WriteLine($"fake-provider listening on {server.BaseAddress.ToString().TrimEnd('/')}");
await stop.Task;
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
