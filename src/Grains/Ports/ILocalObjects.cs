using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Ports;

/// <summary>The dtDomains and dtPeers of the silo's namespace as last seen (the informer caches); read-only.</summary>
public interface ILocalObjects
{
    IReadOnlyList<DtDomain> Domains();

    IReadOnlyList<DtPeer> Peers();
}
