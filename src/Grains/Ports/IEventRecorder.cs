using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Ports;

/// <summary>
/// Tells the user what DTaaS did to an object and why, where <c>kubectl describe</c> shows it (Kubernetes Events).
/// Best effort: a failure to record never fails the grain's work.
/// </summary>
public interface IEventRecorder
{
    Task RecordAsync(IKubernetesObject subject, EventKind kind, string reason, string message, CancellationToken cancellationToken);
}

public enum EventKind
{
    Normal,
    Warning,
}
