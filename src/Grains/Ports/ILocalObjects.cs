using Dtaas.Grains.Interfaces.Models;

namespace Dtaas.Grains.Ports;

/// <summary>The dt objects of the silo's namespace as last seen (the informer caches); read-only.</summary>
public interface ILocalObjects
{
    IReadOnlyList<DtDomain> Domains();

    IReadOnlyList<DtPeer> Peers();

    IReadOnlyList<DtApp> Apps();

    IReadOnlyList<DtService> Services();

    IReadOnlyList<DtUser> Users();

    IReadOnlyList<DtServable> Servables();

    IReadOnlyList<DtTrust> Trusts();

    /// <summary>Completes once every kind has been listed: before that, a missing object may just not be seen yet.</summary>
    Task SyncedAsync(CancellationToken cancellationToken);
}
