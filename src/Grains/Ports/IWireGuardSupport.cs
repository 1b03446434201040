namespace Dtaas.Grains.Ports;

/// <summary>
/// Whether this node can make WireGuard interfaces at all, for domain overlays and pods alike. Asked before a grain
/// promises something that needs one, so a node without a backend says so on its objects instead of failing later.
/// </summary>
public interface IWireGuardSupport
{
    /// <summary>Null when interfaces can be made here; else why not and what to install, as users should read it.</summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}
