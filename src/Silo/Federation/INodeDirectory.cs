namespace Dtaas.Silo.Federation;

/// <summary>
/// Where the members of this node's domains are reached: the base address of a member's federation listener on a
/// domain's overlay. Per domain, because a node that shares two domains with another reaches it on two overlays, and
/// each overlay's listener admits only calls about its own domain.
/// </summary>
public interface INodeDirectory
{
    /// <summary>The member's federation listener on the overlay of <paramref name="domainUid"/>.</summary>
    bool TryGetAddress(string nodeId, Guid domainUid, out Uri address);

    /// <summary>The member's federation listener on any overlay this node shares with it (the one set last).</summary>
    bool TryGetAddress(string nodeId, out Uri address);
}
