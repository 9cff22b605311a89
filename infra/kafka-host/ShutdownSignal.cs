using System.Runtime.InteropServices;

namespace LlmBroker.KafkaHost;

/// <summary>Completes on the first SIGTERM or SIGINT and keeps the runtime from exiting by itself, so the host can dispose the cluster.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly ManualResetEventSlim _signalled = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    public void Wait() => _signalled.Wait();

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _signalled.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _signalled.Set();
    }
}
