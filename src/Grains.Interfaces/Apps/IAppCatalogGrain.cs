using Orleans;

namespace Dtaas.Grains.Interfaces.Apps;

/// <summary>
/// The node's apps across its domains (key: the silo's namespace). It sends each member of each domain the set of
/// local apps shared with that domain, and places the replicas of the sets other members send.
/// </summary>
[Alias("dtaas.AppCatalogGrain")]
public interface IAppCatalogGrain : IGrainWithStringKey
{
    /// <summary>A local app, a domain or its member list changed: send what changed, drop replicas that lost their path.</summary>
    [Alias("Refresh")]
    Task Refresh(CancellationToken cancellationToken);

    /// <summary>Member <paramref name="fromNodeId"/> (authenticated by the overlay) sends the apps it shares with a domain.</summary>
    [Alias("ApplyApps")]
    Task ApplyApps(AppSet set, string fromNodeId, CancellationToken cancellationToken);
}
