using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Harness;

/// <summary>The node's Kubernetes Events as lines: <c>kind name: Kind Reason</c>.</summary>
public sealed class RecordedEvents : IEventRecorder
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public Task RecordAsync(IKubernetesObject subject, EventKind kind, string reason, string message, CancellationToken cancellationToken)
    {
        _lines.Enqueue($"{subject.Kind} {subject.Metadata.Name}: {kind} {reason}");
        return Task.CompletedTask;
    }
}
