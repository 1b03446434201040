using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Tests.Fakes;

/// <summary>Events go nowhere: for tests that assert on the objects, not on the events.</summary>
public sealed class NoEvents : IEventRecorder
{
    public Task RecordAsync(IKubernetesObject subject, EventKind kind, string reason, string message, CancellationToken cancellationToken) => Task.CompletedTask;
}
