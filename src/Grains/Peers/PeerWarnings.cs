using Dtaas.Grains.Ports;

namespace Dtaas.Grains.Peers;

/// <summary>
/// Warning events on a member's dtPeer when this node refuses what the member sends (an identity it does not hold, more
/// than its fair share). Each message once for the life of the activation that keeps this: a member that keeps calling
/// would otherwise cost a write of the event's count on every call.
/// </summary>
public sealed class PeerWarnings(ILocalObjects objects, IEventRecorder events)
{
    /// <summary>More different messages than members would ever earn: a bound, not a budget.</summary>
    private const int Remembered = 1024;

    private readonly HashSet<(string NodeId, string Message)> _told = [];

    public async Task WarnAsync(string @namespace, string nodeId, string reason, string message, CancellationToken cancellationToken)
    {
        if (objects.Peers().FirstOrDefault(p => p.Metadata.Namespace == @namespace && (p.Id ?? p.Metadata.Name) == nodeId) is not { } peer)
        {
            return; // no dtPeer yet: the next refusal tells it
        }
        if (_told.Count >= Remembered)
        {
            _told.Clear();
        }
        if (_told.Add((nodeId, message)))
        {
            await events.RecordAsync(peer, EventKind.Warning, reason, message, cancellationToken);
        }
    }
}
