using System.Runtime.InteropServices;

namespace Dtaas.Overlay.Bench;

/// <summary>
/// Runs a clean-up once: from a finally block, or on Ctrl+C / SIGTERM / SIGHUP, which would otherwise end the process
/// without running finally blocks and leave silos and namespaces behind. After a signal the process exits.
/// </summary>
public sealed class CleanupOnSignal : IAsyncDisposable
{
    private readonly Func<Task> _cleanup;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private Task? _running;

    public CleanupOnSignal(Func<Task> cleanup)
    {
        _cleanup = cleanup;
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // exit below, after cleaning up, not at once
                Console.Error.WriteLine($"{context.Signal}: cleaning up");
                RunOnce().GetAwaiter().GetResult();
                Environment.Exit(128 + context.Signal switch { PosixSignal.SIGHUP => 1, PosixSignal.SIGINT => 2, _ => 15 });
            }));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RunOnce();
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private Task RunOnce()
    {
        lock (_registrations)
        {
            return _running ??= _cleanup();
        }
    }
}
