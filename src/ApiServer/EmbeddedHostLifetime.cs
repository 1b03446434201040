using Microsoft.Extensions.Hosting;

namespace Dtaas.ApiServer;

/// <summary>A host lifetime that does nothing: the embedding process, not this app, owns Ctrl+C and shutdown.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
