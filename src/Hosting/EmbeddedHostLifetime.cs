using Microsoft.Extensions.Hosting;

namespace Dtaas.Hosting;

/// <summary>
/// A host lifetime that does nothing, for every host embedded in a process (the silo's core host, each gateway
/// listener, the standalone API server): the process's Program alone owns SIGTERM and Ctrl+C. The default console
/// lifetime of each embedded host would take the signal too, stop its own host mid-start (an unhandled cancellation,
/// exit 134) and cancel the signal's default action before the Program listens (a silo that ignores SIGTERM).
/// </summary>
public sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
