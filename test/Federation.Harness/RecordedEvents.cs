using System.Collections.Concurrent;
using Dtaas.Grains.Interfaces.Models;
using Dtaas.Grains.Ports;

namespace Dtaas.Federation.Harness;

/// <summary>The node's Kubernetes Events as lines: <c>kind name: Kind Reason</c>, and with the message after it.</summary>
public sealed class RecordedEvents : IEventRecorder
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Each event as <c>kind name: Kind Reason: message</c>.</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    public Task RecordAsync(IKubernetesObject subject, EventKind kind, string reason, string message, CancellationToken cancellationToken)
    {
        var line = $"{subject.Kind} {subject.Metadata.Name}: {kind} {reason}";
        _lines.Enqueue(line);
        _messages.Enqueue($"{line}: {message}");
        return Task.CompletedTask;
    }
}
