namespace Dtaas.Grains.Ports;

/// <summary>
/// The identity of this node's pod interface on one dtService network: derived from the node's own key and the
/// network, so a restarted node (or one whose interface is gone) has the same key and name again without storing a
/// private key anywhere new.
/// </summary>
public interface IPodKeys
{
    PodIdentity For(Guid domainUid, string network);
}

/// <param name="InterfaceName">Unique per host.</param>
/// <param name="PrivateKey">WireGuard private key, base64.</param>
/// <param name="PublicKey">Its public key, base64.</param>
public sealed record PodIdentity(string InterfaceName, string PrivateKey, string PublicKey);
